export interface Bar {
  label: string;
  value: number;
  /** What the bar says in words, beside it and to a screen reader. */
  note: string;
}

const WIDTH = 420;
const LABEL = 110;
const ROW = 26;

/** A horizontal bar chart in SVG, its numbers written beside the bars and in its description. */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const top = Math.max(...bars.map((b) => b.value), 0);
  const scale = (v: number) => (top > 0 ? ((WIDTH - LABEL - 120) * v) / top : 0);
  const description = bars.map((b) => `${b.label}: ${b.note}`).join('; ');
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}. ${description || 'nothing yet'}`}
        width={WIDTH}
        height={Math.max(bars.length, 1) * ROW + 4}
      >
        {bars.map((b, i) => (
          <g key={b.label} transform={`translate(0 ${i * ROW + 2})`}>
            <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end">
              {b.label}
            </text>
            <rect x={LABEL} y={3} height={ROW - 8} width={Math.max(scale(b.value), 1)} rx={2} />
            <text x={LABEL + scale(b.value) + 6} y={ROW / 2 + 4}>
              {b.note}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
