import { parsePeriod, periodPosition } from '../sdmx/period.ts';
import { linear, SERIES_COLOURS } from './scale.ts';

/** A small trend line beside a number; `label` says in words what it shows. */
export function Sparkline(props: { points: { period: string; value: number }[]; label: string }) {
  const W = 120;
  const H = 32;
  const pts = props.points.filter((p) => parsePeriod(p.period));
  if (pts.length < 2) return null;
  const xs = pts.map((p) => periodPosition(parsePeriod(p.period)!));
  const ys = pts.map((p) => p.value);
  const x = linear([Math.min(...xs), Math.max(...xs)], [2, W - 4]);
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  const y = linear(yMin === yMax ? [yMin - 1, yMax + 1] : [yMin, yMax], [H - 4, 4]);
  const d = pts
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(xs[i]!).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const last = pts[pts.length - 1]!;
  return (
    <svg
      class="sparkline"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={props.label}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{props.label}</title>
      <path d={d} fill="none" stroke={SERIES_COLOURS[0]} stroke-width="1.75" />
      <circle cx={x(xs[xs.length - 1]!)} cy={y(last.value)} r="2.5" fill={SERIES_COLOURS[0]} />
    </svg>
  );
}
