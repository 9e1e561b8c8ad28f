import type { Locale } from '../../../platform/i18n/locales.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date and time with its zone ("28 Nov 2026, 14:05 UTC"). Built from fields: Intl does not
 * accept dateStyle/timeStyle together with timeZoneName.
 */
export function formatWhen(iso: string | Date, locale: Locale, timeZone = 'UTC'): string {
  const key = `${locale}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    formats.set(key, f);
  }
  return f.format(typeof iso === 'string' ? new Date(iso) : iso);
}
