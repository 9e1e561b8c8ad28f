import { formatNumber, pick } from '../../../../platform/i18n/format.ts';
import type { Locale } from '../../../../platform/i18n/locales.ts';
import { useCtx } from '../../../../views/context.ts';
import { NOT_APPLICABLE, OBS_STATUS_NAMES, UNIT_MULT_NAMES, UNIT_NAMES } from '../../sdmx/model.ts';
import type { IndicatorInfo } from '../repository.ts';

/** Shared pieces of the explorer pages: numbers, units, flags. */

export function formatValue(ind: IndicatorInfo, value: number, locale: Locale): string {
  return formatNumber(value, locale, ind.decimals);
}

/** "Percent" or "Number (thousands)". */
export function unitLabel(ind: IndicatorInfo, locale: Locale): string {
  const unit = pick(UNIT_NAMES[ind.unit] ?? { en: ind.unit }, locale).text;
  if (!ind.unitMultiplier) return unit;
  const mult = pick(
    UNIT_MULT_NAMES[String(ind.unitMultiplier)] ?? { en: `×10^${ind.unitMultiplier}` },
    locale,
  ).text;
  return `${unit} (${mult.toLocaleLowerCase(locale)})`;
}

export function statusName(code: string, locale: Locale): string {
  return pick(OBS_STATUS_NAMES[code] ?? { en: code }, locale).text;
}

/** The observation status as a letter with its name, shown after a value (nothing for normal values). */
export function Flag({ status }: { status: string }) {
  const { locale } = useCtx();
  if (!status || status === 'A') return null;
  return (
    <abbr class="obs-flag" title={statusName(status, locale)}>
      {status}
    </abbr>
  );
}

export function codeName(
  ind: IndicatorInfo,
  dimIndex: number,
  code: string,
  locale: Locale,
  notApplicable: string,
): string {
  if (code === NOT_APPLICABLE) return notApplicable;
  const c = ind.dimensions[dimIndex]?.codes.find((x) => x.id === code);
  return c ? pick(c.name, locale).text : code;
}

/** "Female, 15–24" — the chosen breakdown in words (totals included, so nothing is implied). */
export function breakdownLabel(
  ind: IndicatorInfo,
  codes: string[],
  locale: Locale,
  notApplicable: string,
): string {
  return codes
    .map(
      (c, i) =>
        `${pick(ind.dimensions[i]!.name, locale).text}: ${codeName(ind, i, c, locale, notApplicable)}`,
    )
    .join(' · ');
}
