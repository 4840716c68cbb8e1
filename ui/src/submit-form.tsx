import { useState } from 'preact/hooks';
import { api, repoOf } from './api';
import { Alert, Field, messageOf } from './controls';

/** A job for a repository: a git URL, or a local path where the operator allows them. */
export function SubmitForm({ onSubmitted }: { onSubmitted: (id: string) => void }) {
  const [repo, setRepo] = useState('');
  const [ref, setRef] = useState('');
  const [pkg, setPkg] = useState('');
  const [budget, setBudget] = useState('');
  const [changedSince, setChangedSince] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { id } = await api.submit({
        repo: repoOf(repo, ref),
        options: {
          ...(pkg.trim() ? { package: pkg.trim() } : {}),
          ...(budget.trim() ? { budgetUsd: Number(budget) } : {}),
          ...(changedSince.trim() ? { changedSince: changedSince.trim() } : {}),
        },
      });
      onSubmitted(id);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="submit-heading">
      <h2 id="submit-heading">New job</h2>
      <form class="grid" onSubmit={(e) => void submit(e)}>
        <Field
          id="repo"
          label="Repository"
          required
          placeholder="https://github.com/owner/repo.git or /path/on/the/server"
          value={repo}
          onValue={setRepo}
        />
        <Field id="ref" label="Ref" placeholder="default branch" value={ref} onValue={setRef} />
        <Field
          id="package"
          label="Package"
          placeholder="packages/foo (a workspace's package)"
          value={pkg}
          onValue={setPkg}
        />
        <Field
          id="changed-since"
          label="Changed since"
          placeholder="a base ref: only what changed since it (a diff job)"
          value={changedSince}
          onValue={setChangedSince}
        />
        <Field
          id="budget"
          label="Budget (USD)"
          number={{ min: '0', step: '0.01' }}
          placeholder="the server's default"
          value={budget}
          onValue={setBudget}
        />
        <span />
        <button type="submit" disabled={busy}>
          Submit
        </button>
      </form>
      <Alert message={error} />
    </section>
  );
}
