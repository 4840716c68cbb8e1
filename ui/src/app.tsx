import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { JobList } from './job-list';
import { JobPage } from './job-page';
import { SignIn } from './sign-in';
import { SubmitForm } from './submit-form';

/** The page's place: `#/` the jobs and the form, `#/jobs/<id>` one job. */
function useRoute(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#/, '') || '/';
}

export function App() {
  const [session, setSession] = useState<{ admin: boolean } | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    api.session().then(setSession, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setSession(null);
      else setSession(null);
    });
  }, []);

  if (session === undefined) return <p class="muted">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;

  const jobId = /^\/jobs\/([\w-]+)$/.exec(route)?.[1];
  const signOut = async () => {
    await api.signOut();
    setSession(null);
    location.hash = '';
  };
  return (
    <>
      <header class="bar">
        <a href="#/" class="brand">
          Attest
        </a>
        <nav aria-label="Service">
          {session.admin && <a href="/queues">Queues</a>}
          <a href="/docs">API</a>
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      <main>
        {jobId ? (
          <JobPage id={jobId} />
        ) : (
          <>
            <SubmitForm onSubmitted={(id) => (location.hash = `#/jobs/${id}`)} />
            <JobList />
          </>
        )}
      </main>
    </>
  );
}
