import type { Report } from './api';

/** The delivered tests, each with the requirements it cites, in their own words. */
export function AcceptedTests({ report }: { report: Report }) {
  const requirements = new Map(report.requirements.map((r) => [r.id, r]));
  const tests = report.tests.filter((t) => t.status === 'accepted' && t.selected);
  return (
    <section aria-labelledby="accepted-heading">
      <h3 id="accepted-heading">Accepted tests ({tests.length})</h3>
      {tests.length === 0 && <p class="muted">None was delivered.</p>}
      <details open={tests.length <= 12}>
        <summary>each test with the requirements it cites</summary>
        <ul class="tests">
          {tests.map((t) => (
            <li key={`${t.file}>${t.name}`}>
              <p>
                <strong>{t.name}</strong>{' '}
                <span class="muted">
                  · {t.file} · {t.origin}
                </span>
                <span class="muted">
                  {' '}
                  · kills {t.killedMutants.length} mutants, {t.assertionCount} assertions
                </span>
                {t.reused && (
                  <span class="muted" data-testid="reused">
                    {' '}
                    · verdict reused
                  </span>
                )}
              </p>
              {t.requirementIds.length > 0 && (
                <ul class="requirements">
                  {t.requirementIds.map((id) => {
                    const r = requirements.get(id);
                    return (
                      <li key={id}>
                        <span class="muted">{r ? `${r.file}:${r.line}` : id}</span>{' '}
                        <q>{r?.text ?? id}</q>
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** Rejected tests by the gate that stopped them, each with its reasons. */
export function RejectedTests({ report }: { report: Report }) {
  const byGate = new Map<string, Report['tests']>();
  for (const t of report.tests) {
    if (t.status !== 'rejected') continue;
    byGate.set(t.gate, [...(byGate.get(t.gate) ?? []), t]);
  }
  if (byGate.size === 0) return null;
  return (
    <section aria-labelledby="rejected-heading">
      <h3 id="rejected-heading">Rejected tests</h3>
      {[...byGate].map(([gate, tests]) => (
        <details key={gate} open={byGate.size === 1}>
          <summary>
            gate <strong>{gate}</strong>: {tests.length}
          </summary>
          <ul class="tests">
            {tests.map((t) => (
              <li key={`${t.file}>${t.name}`}>
                <strong>{t.name}</strong> <span class="muted">· {t.file}</span>
                <ul>
                  {t.reasons.map((reason) => (
                    <li key={reason}>
                      <pre class="reason">{reason}</pre>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

/** Mutants no kept test kills: the behaviour nothing checks, as the change each one makes. */
export function Survivors({ report }: { report: Report }) {
  if (report.survivors.length === 0) return null;
  return (
    <section aria-labelledby="survivors-heading">
      <h3 id="survivors-heading">Survivors ({report.survivors.length})</h3>
      <p class="muted">Mutants no kept test kills: behaviour nothing checks yet.</p>
      <details open={report.survivors.length <= 8}>
        <summary>each mutant as the change it makes</summary>
        <ul class="tests">
          {report.survivors.map((s) => (
            <li key={s.id}>
              <p>
                <strong>
                  {s.file}:{s.line}
                </strong>{' '}
                <span class="muted">
                  · {s.target} · {s.mutator} · {s.mark}: {s.why}
                </span>
              </p>
              <pre class="diff" aria-label={`mutant ${s.id}`}>
                <span class="del">- {s.original}</span>
                {'\n'}
                <span class="ins">+ {s.replacement}</span>
              </pre>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
