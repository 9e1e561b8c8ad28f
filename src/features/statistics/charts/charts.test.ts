import { describe, expect, it } from 'vitest';
import { firstPeriodFrom, lastPeriodUntil, parsePeriodBound } from '../sdmx/period.ts';
import { contrastRatio, DASHES, deltaE, MARKERS, niceTicks, SERIES_COLOURS } from './scale.ts';

describe('chart colours', () => {
  it('meet 3:1 contrast against white (WCAG 1.4.11) and differ visibly from one another', () => {
    for (const c of SERIES_COLOURS) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < SERIES_COLOURS.length; i++) {
      for (let j = i + 1; j < SERIES_COLOURS.length; j++) {
        expect(
          deltaE(SERIES_COLOURS[i]!, SERIES_COLOURS[j]!),
          `${SERIES_COLOURS[i]} / ${SERIES_COLOURS[j]}`,
        ).toBeGreaterThan(20);
      }
    }
  });

  it('never tell two series apart by colour alone', () => {
    const styles = SERIES_COLOURS.map((_, i) => `${DASHES[i]}|${MARKERS[i]}`);
    expect(new Set(styles).size).toBe(SERIES_COLOURS.length);
  });
});

describe('axis ticks', () => {
  it('are round numbers covering the values', () => {
    expect(niceTicks(3.2, 9.8, 5)).toEqual([2, 4, 6, 8, 10]);
    expect(niceTicks(0, 178848, 5)).toEqual([0, 50000, 100000, 150000, 200000]);
  });
});

describe('SDMX period bounds', () => {
  it('turn dates and periods into the periods of a frequency', () => {
    const start = parsePeriodBound('2023-04', 'start')!;
    expect(firstPeriodFrom(start, 'Q')).toBe('2023-Q2');
    expect(firstPeriodFrom(start, 'A')).toBe('2024');
    expect(firstPeriodFrom(start, 'M')).toBe('2023-04');
    const end = parsePeriodBound('2023-11-15', 'end')!;
    expect(lastPeriodUntil(end, 'Q')).toBe('2023-Q3');
    expect(lastPeriodUntil(end, 'A')).toBe('2022');
    expect(lastPeriodUntil(parsePeriodBound('2023-Q4', 'end')!, 'A')).toBe('2023');
    expect(parsePeriodBound('2023-02-30', 'start')).toBeNull();
  });
});
