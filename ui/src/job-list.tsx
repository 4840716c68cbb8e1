import { useEffect, useState } from 'preact/hooks';
import { Alert, messageOf } from './controls';
import { api, type Job } from './api';
import { money, repoLabel, when } from './format';

/** The signed-in key's jobs, newest first, refreshed while the page is open. */
export function JobList() {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      api.jobs().then(
        (list) => !stopped && (setJobs(list.jobs), setError(null)),
        (e: unknown) => !stopped && setError(messageOf(e)),
      );
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Jobs</h2>
      <Alert message={error} />
      {jobs && jobs.length === 0 && <p class="muted">No jobs yet.</p>}
      {jobs && jobs.length > 0 && (
        <table class="jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Repository</th>
              <th scope="col">State</th>
              <th scope="col">Stage</th>
              <th scope="col">Cost</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-job={job.id}>
                <td>
                  <a href={`#/jobs/${job.id}`}>{job.id}</a>
                </td>
                <td>{repoLabel(job)}</td>
                <td>
                  <span class={`state ${job.state}`}>{job.state}</span>
                </td>
                <td>{job.stage ?? '—'}</td>
                <td>{job.summary ? money(job.summary.costUsd) : '—'}</td>
                <td>{when(job.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
