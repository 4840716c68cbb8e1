import { useEffect, useState } from 'preact/hooks';
import { Alert, messageOf } from './controls';
import { api, type Job, type JobEvent, type Report } from './api';
import { BarChart } from './bar-chart';
import { ConflictList } from './conflicts';
import { money, percent, repoLabel, when } from './format';
import { PatchView } from './patch-view';
import { AcceptedTests, RejectedTests, Survivors } from './tests';

const EVENT_TYPES = [
  'progress',
  'stage-started',
  'stage-ended',
  'verdict',
  'conflict',
  'round',
  'log',
  'end',
] as const;

const isLive = (job: Job) => job.state === 'queued' || job.state === 'running';

/**
 * One job, live: its stage and progress from the event stream while it runs; once it ends, what
 * its report says (conflicts, tests, survivors, cost) and its patch.
 */
export function JobPage({ id }: { id: string }) {
  const [job, setJob] = useState<Job | null>(null);
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    let stopped = false;
    setJob(null);
    setEvents([]);
    setReport(null);
    const loadJob = async () => {
      const current = await api.job(id);
      if (stopped) return current;
      setJob(current);
      if (current.state === 'completed') setReport(await api.report(id));
      return current;
    };
    const source = api.events(id);
    const hear = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as JobEvent;
      setEvents((seen) => [...seen, event]);
      setJob((current) => (current ? withEvent(current, event) : current));
      if (event.type === 'end') {
        source.close();
        void loadJob().catch(showError);
      }
    };
    const showError = (e: unknown) => !stopped && setError(messageOf(e));
    for (const type of EVENT_TYPES) source.addEventListener(type, hear);
    loadJob().catch(showError);
    return () => {
      stopped = true;
      source.close();
    };
  }, [id]);

  if (error && !job) return <Alert message={error} />;
  if (!job) return <p class="muted">Loading job {id}…</p>;

  const cancel = async () => {
    setCancelling(true);
    try {
      setJob(await api.cancel(id));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const conflictsHeard = events.flatMap((e) => (e.type === 'conflict' ? [e] : []));
  return (
    <article aria-labelledby="job-heading">
      <p>
        <a href="#/">← All jobs</a>
      </p>
      <h2 id="job-heading">
        Job {job.id} <span class={`state ${job.state}`}>{job.state}</span>
      </h2>
      <p class="muted">
        {repoLabel(job)} · submitted {when(job.createdAt)}
        {job.finishedAt && ` · ended ${when(job.finishedAt)}`}
      </p>
      <Alert message={error} />
      <Progress job={job} />
      {isLive(job) && (
        <button type="button" class="danger" disabled={cancelling} onClick={() => void cancel()}>
          {cancelling ? 'Cancelling…' : 'Cancel job'}
        </button>
      )}
      <Alert message={job.error} />
      {job.state === 'completed' && (
        <nav aria-label="Downloads" class="downloads">
          <a href={api.download(id, 'report.md')} download={`${id}-report.md`}>
            report.md
          </a>
          <a href={api.download(id, 'report')} download={`${id}-report.json`}>
            report.json
          </a>
          <a href={api.download(id, 'patch')} download={`${id}.patch`}>
            tests.patch
          </a>
        </nav>
      )}
      {report ? (
        <ReportView id={id} report={report} />
      ) : (
        <>
          {conflictsHeard.length > 0 && (
            <ConflictList
              conflicts={conflictsHeard.map((c) => ({
                requirement: c.requirement,
                target: c.target,
                call: c.call,
                expected: c.documented,
                actual: c.actual,
                differences: c.differences,
                where: null,
                text: null,
                failingTests: [],
              }))}
            />
          )}
          <Verdicts events={events} />
        </>
      )}
    </article>
  );
}

/** The job record as the event stream moves it, between two reads of the record. */
function withEvent(job: Job, event: JobEvent): Job {
  if (event.type === 'end') return { ...job, state: event.state };
  const step =
    event.type === 'progress'
      ? { message: event.message, done: event.done ?? null, total: event.total ?? null }
      : event.type === 'stage-started'
        ? { message: event.message, done: null, total: null }
        : job.step;
  return { ...job, state: 'running', stage: event.stage, step };
}

function Progress({ job }: { job: Job }) {
  const step = job.step;
  const counted = step && step.total ? { done: step.done ?? 0, total: step.total } : null;
  return (
    <section aria-labelledby="progress-heading" class="progress">
      <h3 id="progress-heading">Progress</h3>
      <p>
        <strong data-testid="stage">
          {job.stage ?? (job.state === 'queued' ? 'queued' : '—')}
        </strong>
        {step && <span data-testid="step"> · {step.message}</span>}
        {counted && (
          <span data-testid="count">
            {' '}
            ({counted.done} of {counted.total})
          </span>
        )}
      </p>
      <progress
        aria-label={`progress of the ${job.stage ?? 'job'} stage`}
        max={counted ? counted.total : 1}
        value={counted ? counted.done : job.state === 'completed' ? 1 : undefined}
      />
    </section>
  );
}

/** Verdicts as they arrive, newest first. */
function Verdicts({ events }: { events: JobEvent[] }) {
  const verdicts = events.flatMap((e) => (e.type === 'verdict' ? [e] : [])).reverse();
  if (verdicts.length === 0) return null;
  return (
    <section aria-labelledby="verdicts-heading">
      <h3 id="verdicts-heading">Verdicts so far</h3>
      <ul class="verdicts">
        {verdicts.map((v, i) => (
          <li key={i}>
            <span class={`state ${v.status}`}>{v.status}</span> {v.test}
            {v.gate && <span class="muted"> · gate {v.gate}</span>}
            {v.reason && <span class="muted"> · {v.reason}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReportView({ id, report }: { id: string; report: Report }) {
  const t = report.totals;
  const requirement = new Map(report.requirements.map((r) => [r.id, r]));
  return (
    <>
      <section aria-labelledby="summary-heading">
        <h3 id="summary-heading">Summary</h3>
        <dl class="summary">
          <dt>Accepted tests</dt>
          <dd data-testid="accepted">{t.selected}</dd>
          <dt>Rejected</dt>
          <dd>{t.rejected}</dd>
          <dt>Requirement conflicts</dt>
          <dd>{t.conflicts}</dd>
          <dt>Mutation score</dt>
          <dd>
            {percent(t.mutationScore)} ({t.mutantsKilled} of {t.mutants} mutants)
          </dd>
          <dt>Statement coverage</dt>
          <dd>{percent(t.statementCoverage)}</dd>
          <dt>Tokens</dt>
          <dd>{(t.inputTokens + t.outputTokens).toLocaleString()}</dd>
          <dt>Cost</dt>
          <dd>{money(t.costUsd)}</dd>
          <dt>Verdicts reused</dt>
          <dd data-testid="verdicts-reused">
            {t.verdictsReused > 0
              ? `${t.verdictsReused} from earlier jobs (their inputs did not change)`
              : 'none'}
          </dd>
          <dt>Accepted per 1k tokens</dt>
          <dd>
            {t.acceptedPer1kTokens === null
              ? '— (no tokens spent)'
              : t.acceptedPer1kTokens.toFixed(2)}
          </dd>
        </dl>
      </section>
      {report.changes && (
        <section aria-labelledby="changes-heading">
          <h3 id="changes-heading">Changes</h3>
          <p data-testid="changes">
            {report.changes.targets.length} of {report.changes.targetsInRepository} targets changed
            since <code>{report.changes.base}</code> ({report.changes.baseCommit.slice(0, 12)}).
          </p>
          <ul>
            {report.changes.targets.map((t) => (
              <li key={t.id}>
                <strong>{t.name}</strong>{' '}
                <span class="muted">
                  {t.file}:{t.line} · {t.why.join('; ')}
                </span>
              </li>
            ))}
          </ul>
          {report.changes.deliveredTests.length > 0 && (
            <>
              <h4>Tests Attest delivered earlier</h4>
              <ul>
                {report.changes.deliveredTests.map((d) => (
                  <li key={`${d.file}>${d.name}`} data-testid="delivered-test">
                    <span class={`state ${d.status}`}>{d.status}</span> {d.file}
                    {d.name !== '(file)' && <> · {d.name}</>} <span class="muted">· {d.why}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {report.conflicts.length > 0 && (
        <ConflictList
          conflicts={report.conflicts.map((c) => ({
            requirement: c.requirementId,
            target: c.target,
            call: c.call,
            expected: c.expected,
            actual: c.actual,
            differences: c.differences ?? [],
            where: `${c.file}:${c.line}`,
            text: requirement.get(c.requirementId)?.text ?? null,
            failingTests: c.failingTests ?? [],
          }))}
        />
      )}
      <AcceptedTests report={report} />
      <RejectedTests report={report} />
      <Survivors report={report} />
      <section aria-labelledby="charts-heading" class="charts">
        <h3 id="charts-heading">Cost and yield</h3>
        <BarChart
          title="Cost per round (USD)"
          bars={report.rounds.map((r) => ({
            label: r.round,
            value: r.costUsd,
            note: `${money(r.costUsd)} · ${r.accepted} accepted`,
          }))}
        />
        <BarChart
          title="Funnel: candidates through the gates"
          bars={[
            ['generated', report.funnel.generated],
            ['compiled', report.funnel.compiled],
            ['passed', report.funnel.passed],
            ['stable', report.funnel.stable],
            ['not hollow', report.funnel.nonHollow],
            ['adds value', report.funnel.added],
          ].map(([label, value]) => ({
            label: String(label),
            value: Number(value),
            note: String(value),
          }))}
        />
      </section>
      <PatchView id={id} />
    </>
  );
}
