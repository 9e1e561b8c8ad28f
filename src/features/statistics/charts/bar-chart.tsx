import { linear, niceTicks, SERIES_COLOURS } from './scale.ts';

/**
 * Horizontal bars across countries for one period, sorted by value, with an optional reference
 * line (the hemisphere median). Server-rendered SVG with a title and a text alternative.
 */

export interface Bar {
  key: string;
  label: string;
  value: number;
  flag?: string;
  /** Drawn in the accent colour, e.g. the country the reader chose. */
  highlight?: boolean;
}

export interface BarChartProps {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  format: (v: number) => string;
  formatTick: (v: number) => string;
  reference?: { value: number; label: string };
}

const W = 720;
const ROW = 22;
const M = { top: 24, right: 72, bottom: 28, left: 220 };

export function BarChart(props: BarChartProps) {
  const bars = [...props.bars].sort((a, b) => b.value - a.value);
  const H = M.top + M.bottom + bars.length * ROW;
  const values = bars.map((b) => b.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 5);
  const x = linear([ticks[0]!, ticks[ticks.length - 1]!], [M.left, W - M.right]);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  const base = SERIES_COLOURS[0]!;
  const accent = SERIES_COLOURS[1]!;

  return (
    <figure class="chart" id={props.id} data-chart="bar">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        class="chart-svg"
        xmlns="http://www.w3.org/2000/svg"
        font-family="system-ui, sans-serif"
        font-size="13"
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        <g class="chart-grid">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={x(v)} x2={x(v)} y1={M.top - 4} y2={H - M.bottom} stroke="#d0d7de" />
              <text x={x(v)} y={H - M.bottom + 16} text-anchor="middle" fill="#4a5563">
                {props.formatTick(v)}
              </text>
            </g>
          ))}
        </g>
        {bars.map((b, i) => {
          const y0 = M.top + i * ROW;
          const x0 = x(Math.min(0, b.value));
          const width = Math.max(1, Math.abs(x(b.value) - x(0)));
          const text = `${b.label}: ${props.format(b.value)}${b.flag ? ` (${b.flag})` : ''}`;
          return (
            <g key={b.key} class="chart-point">
              <title>{text}</title>
              <text
                x={M.left - 8}
                y={y0 + ROW / 2}
                text-anchor="end"
                dominant-baseline="middle"
                fill="#1b1f24"
                font-weight={b.highlight ? '700' : undefined}
              >
                {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
              </text>
              <rect x={x0} y={y0 + 3} width={width} height={ROW - 6} fill={b.highlight ? accent : base} />
              <text x={x0 + width + 6} y={y0 + ROW / 2} dominant-baseline="middle" fill="#1b1f24">
                {props.format(b.value)}
                {b.flag ? ` ${b.flag}` : ''}
              </text>
            </g>
          );
        })}
        {props.reference && (
          <g class="chart-reference">
            <line
              x1={x(props.reference.value)}
              x2={x(props.reference.value)}
              y1={M.top - 8}
              y2={H - M.bottom}
              stroke="#1b1f24"
              stroke-width="2"
              stroke-dasharray="5 3"
            />
            <text x={x(props.reference.value)} y={M.top - 12} text-anchor="middle" fill="#1b1f24">
              {props.reference.label}
            </text>
          </g>
        )}
      </svg>
    </figure>
  );
}
