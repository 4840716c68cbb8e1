import { partition } from './format';

export interface ConflictRow {
  requirement: string;
  target: string;
  call: string;
  expected: string;
  actual: string;
  differences: string[];
  /** Where the docs state it, once the report says. */
  where: string | null;
  /** The requirement's words, once the report says. */
  text: string | null;
  /** Tests an earlier job delivered that the change now makes fail (the report says; none before). */
  failingTests: { file: string; name: string }[];
}

/**
 * Stated examples the code contradicts: the docs' value and the code's side by side, with the
 * part where they differ marked. Either may be wrong; this is where a test found it.
 */
export function ConflictList({ conflicts }: { conflicts: ConflictRow[] }) {
  return (
    <section aria-labelledby="conflicts-heading">
      <h3 id="conflicts-heading">Requirement conflicts</h3>
      <p class="muted">The docs state one value, the code gives another: one of them is wrong.</p>
      {conflicts.map((c) => {
        const split = partition(c.expected, c.actual);
        return (
          <div class="conflict" key={`${c.requirement}:${c.call}`} data-testid="conflict">
            <p>
              <code>{c.call}</code> <span class="muted">in {c.target}</span>
              {c.where && <span class="muted"> · stated at {c.where}</span>}
            </p>
            {c.text && <blockquote>{c.text}</blockquote>}
            <table class="side-by-side">
              <thead>
                <tr>
                  <th scope="col">The docs say</th>
                  <th scope="col">The code gives</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td data-testid="documented">
                    <code>
                      {split.same}
                      <mark>{split.left}</mark>
                    </code>
                  </td>
                  <td data-testid="actual">
                    <code>
                      {split.same}
                      <mark>{split.right}</mark>
                    </code>
                  </td>
                </tr>
              </tbody>
            </table>
            {c.failingTests.length > 0 && (
              <p data-testid="failing-tests">
                Delivered earlier, and now failing:{' '}
                {c.failingTests.map((t, i) => (
                  <span key={`${t.file}>${t.name}`}>
                    {i > 0 && '; '}
                    <code>{t.file}</code> · {t.name}
                  </span>
                ))}
              </p>
            )}
            {c.differences.length > 0 && (
              <ul class="muted">
                {c.differences.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
