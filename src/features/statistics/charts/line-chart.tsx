import { parsePeriod, periodPosition } from '../sdmx/period.ts';
import { DASHES, linear, MARKERS, niceTicks, SERIES_COLOURS } from './scale.ts';

/**
 * A line chart over time, rendered on the server as SVG: it needs no JavaScript, has a title
 * and a text alternative, and every point carries a native tooltip (<title>). The client island
 * (src/client/statistics-chart.ts) adds richer tooltips and legend toggles when JavaScript runs.
 */

export interface LinePoint {
  period: string;
  value: number;
  /** Shown after the value, e.g. the observation status flag. */
  flag?: string;
}

export interface LineSeries {
  key: string;
  label: string;
  points: LinePoint[];
}

export interface LineChartProps {
  id: string;
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  description: string;
  series: LineSeries[];
  format: (v: number) => string;
  /** Tick label formatter (fewer decimals). */
  formatTick: (v: number) => string;
  yLabel: string;
}

const W = 720;
const H = 360;
const M = { top: 16, right: 20, bottom: 40, left: 64 };

export function Marker(props: {
  shape: (typeof MARKERS)[number];
  x: number;
  y: number;
  colour: string;
  r?: number;
}) {
  const r = props.r ?? 4;
  const { colour } = props;
  // A tenth of a unit is finer than any screen shows; longer numbers only weigh on the page.
  const x = Math.round(props.x * 10) / 10;
  const y = Math.round(props.y * 10) / 10;
  if (props.shape === 'square')
    return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={colour} />;
  if (props.shape === 'triangle') {
    return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`} fill={colour} />;
  }
  if (props.shape === 'diamond') {
    return (
      <polygon
        points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`}
        fill={colour}
      />
    );
  }
  return <circle cx={x} cy={y} r={r} fill={colour} />;
}

export function LineChart(props: LineChartProps) {
  const points = props.series.flatMap((s) => s.points);
  const xs = points.map((p) => periodPosition(parsePeriod(p.period)!));
  const ys = points.map((p) => p.value);
  let yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  // Rates and counts read best from zero unless the values sit far above it.
  if (yMin > 0 && yMin < yMax * 0.5) yMin = 0;
  const yTicks = niceTicks(yMin, yMax, 5);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const x = linear([xMin === xMax ? xMin - 1 : xMin, xMin === xMax ? xMax + 1 : xMax], [M.left, W - M.right]);
  const y = linear([yTicks[0]!, yTicks[yTicks.length - 1]!], [H - M.bottom, M.top]);
  const firstYear = Math.floor(xMin);
  const lastYear = Math.floor(xMax);
  const yearStep = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 8));
  const xTicks: number[] = [];
  for (let yr = firstYear; yr <= lastYear; yr += yearStep) xTicks.push(yr);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;

  return (
    <figure class="chart" id={props.id} data-chart="line">
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
          {yTicks.map((v) => (
            <g key={`y${v}`}>
              <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#d0d7de" stroke-width="1" />
              <text x={M.left - 8} y={y(v)} text-anchor="end" dominant-baseline="middle" fill="#4a5563">
                {props.formatTick(v)}
              </text>
            </g>
          ))}
          {xTicks.map((yr) => {
            const px = x(yr + 0.5);
            return (
              <text key={`x${yr}`} x={px} y={H - M.bottom + 18} text-anchor="middle" fill="#4a5563">
                {yr}
              </text>
            );
          })}
          <line
            x1={M.left}
            x2={W - M.right}
            y1={H - M.bottom}
            y2={H - M.bottom}
            stroke="#4a5563"
            stroke-width="1"
          />
          <text
            x={14}
            y={M.top + (H - M.top - M.bottom) / 2}
            transform={`rotate(-90 14 ${M.top + (H - M.top - M.bottom) / 2})`}
            text-anchor="middle"
            fill="#4a5563"
          >
            {props.yLabel}
          </text>
        </g>
        {props.series.map((s, i) => {
          const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
          const sorted = [...s.points].sort((a, b) => (a.period < b.period ? -1 : 1));
          const d = sorted
            .map(
              (p, j) =>
                `${j === 0 ? 'M' : 'L'}${x(periodPosition(parsePeriod(p.period)!)).toFixed(1)},${y(p.value).toFixed(1)}`,
            )
            .join(' ');
          return (
            <g key={s.key} class="chart-series" data-series={s.key} data-label={s.label}>
              <path
                d={d}
                fill="none"
                stroke={colour}
                stroke-width="2.5"
                stroke-dasharray={DASHES[i % DASHES.length] || undefined}
              />
              {sorted.map((p) => {
                const px = x(periodPosition(parsePeriod(p.period)!));
                const py = y(p.value);
                const text = `${s.label}, ${p.period}: ${props.format(p.value)}${p.flag ? ` (${p.flag})` : ''}`;
                return (
                  <g key={p.period} class="chart-point" tabindex={-1}>
                    <title>{text}</title>
                    <Marker
                      shape={MARKERS[i % MARKERS.length]!}
                      x={px}
                      y={py}
                      colour={colour}
                      r={sorted.length > 40 ? 2.5 : 4}
                    />
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {props.series.map((s, i) => (
            <li key={s.key} data-series={s.key}>
              <svg width="36" height="14" viewBox="0 0 36 14" aria-hidden="true" class="legend-key">
                <line
                  x1="0"
                  x2="36"
                  y1="7"
                  y2="7"
                  stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                  stroke-width="2.5"
                  stroke-dasharray={DASHES[i % DASHES.length] || undefined}
                />
                <Marker
                  shape={MARKERS[i % MARKERS.length]!}
                  x={18}
                  y={7}
                  colour={SERIES_COLOURS[i % SERIES_COLOURS.length]!}
                />
              </svg>
              <span>{s.label}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
