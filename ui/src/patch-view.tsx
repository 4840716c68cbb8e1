import { html } from 'diff2html';
import { useEffect, useState } from 'preact/hooks';
import { Alert, messageOf } from './controls';
import { api } from './api';

/** The delivered tests as a diff, rendered by diff2html (which escapes what it shows). */
export function PatchView({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const [rendered, setRendered] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open || rendered !== null) return;
    api.patch(id).then(
      (patch) =>
        setRendered(
          patch.trim()
            ? html(patch, { drawFileList: true, matching: 'lines', outputFormat: 'line-by-line' })
            : '<p>The patch is empty: no test was delivered.</p>',
        ),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [open, id, rendered]);
  return (
    <section aria-labelledby="patch-heading">
      <h3 id="patch-heading">Patch</h3>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide the patch' : 'Show the patch'}
      </button>
      <Alert message={error} />
      {open && rendered !== null && (
        <div class="patch" data-testid="patch" dangerouslySetInnerHTML={{ __html: rendered }} />
      )}
    </section>
  );
}
