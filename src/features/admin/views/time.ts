import type { Locale } from '../../../platform/i18n/locales.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * Date and time with the zone named, for records where the minute matters (audit, outbox).
 * Built from components, since dateStyle/timeStyle cannot be combined with timeZoneName.
 */
export function formatWhen(iso: string, locale: Locale, timeZone = 'UTC'): string {
  const key = `${locale}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      });
    } catch {
      // An unknown zone in a profile should not break the page: fall back to UTC.
      return formatWhen(iso, locale, 'UTC');
    }
    formats.set(key, f);
  }
  return f.format(new Date(iso));
}
