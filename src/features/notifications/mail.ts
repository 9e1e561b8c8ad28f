import { type Translate, translator } from '../../platform/i18n/catalog.ts';
import { countryName, type Localized, parseLocalized, pick } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import { notificationKind } from './service.ts';
import { ALL_KINDS, unsubscribeToken } from './tokens.ts';

/** What the e-mails need from the configuration. */
export interface MailSettings {
  baseUrl: string;
  secret: string;
}

export interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: string;
}

export interface MailItem {
  kind: string;
  params: string;
  url: string;
  country_iso3: string | null;
  themes: string;
}

export function recipientLocale(r: Recipient): Locale {
  return isLocale(r.locale) ? r.locale : 'en';
}

function parseParams(json: string): Record<string, string | number> {
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, string | number>) : {};
  } catch {
    return {};
  }
}

function parseThemes(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The title of a notification in a language, from the defining feature's message. A kind that
 * is no longer registered still reads as something sensible rather than as a raw key.
 */
export function notificationTitle(t: Translate, kind: string, paramsJson: string): string {
  const def = notificationKind(kind);
  if (!def) return t('notifications.unknownKind');
  try {
    return t(def.titleKey, parseParams(paramsJson));
  } catch {
    return t('notifications.unknownKind');
  }
}

/**
 * The label of a kind on the preferences page: its own label message when it has one,
 * otherwise its title with "…" in place of each value.
 */
export function kindLabel(t: Translate, kind: string): string {
  const def = notificationKind(kind);
  if (!def) return kind;
  const blanks = new Proxy({} as Record<string, string>, { get: () => '…', has: () => true });
  try {
    return t(def.labelKey ?? def.titleKey, blanks);
  } catch {
    return kind;
  }
}

export function absoluteUrl(settings: MailSettings, locale: Locale, path: string): string {
  return `${settings.baseUrl}/${locale}${path === '/' ? '' : path}`;
}

export function unsubscribeUrl(settings: MailSettings, locale: Locale, userId: number, kind: string): string {
  return absoluteUrl(
    settings,
    locale,
    `/notifications/unsubscribe/${unsubscribeToken(settings.secret, { userId, kind })}`,
  );
}

function footer(t: Translate, settings: MailSettings, locale: Locale, lines: string[]): string {
  return [
    '',
    '-- ',
    ...lines,
    t('notifications.email.settings', { url: absoluteUrl(settings, locale, '/notifications/preferences') }),
  ].join('\n');
}

/** RFC 2369 / RFC 8058 headers, so mail programs offer one-click unsubscribe. */
function listUnsubscribe(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The e-mail for one notification sent at once. */
export function immediateMail(settings: MailSettings, to: Recipient, item: MailItem): MailMessage {
  const locale = recipientLocale(to);
  const t = translator(locale);
  const title = notificationTitle(t, item.kind, item.params);
  const text = [
    t('notifications.email.greeting', { name: to.name }),
    '',
    title,
    '',
    t('notifications.email.open', { url: absoluteUrl(settings, locale, item.url) }),
    footer(t, settings, locale, [
      t('notifications.email.whyImmediate'),
      t('notifications.email.unsubscribeKind', { url: unsubscribeUrl(settings, locale, to.id, item.kind) }),
      t('notifications.email.unsubscribeAll', { url: unsubscribeUrl(settings, locale, to.id, ALL_KINDS) }),
    ]),
  ].join('\n');
  return {
    to: to.email,
    subject: title,
    text,
    headers: listUnsubscribe(unsubscribeUrl(settings, locale, to.id, item.kind)),
  };
}

export interface ThemeInfo {
  code: string;
  name: string;
  orig_locale: string;
  sort_order: number;
}

interface DigestGroup {
  heading: string;
  countries: { heading: string; lines: string[] }[];
}

/**
 * Groups digest items by theme, then by country, in the reader's language: themes in their
 * usual order, countries alphabetically, and 'Other' last in each. An item tagged with several
 * themes is listed under each of them, so nobody following one theme misses it.
 */
export function groupDigest(
  t: Translate,
  locale: Locale,
  settings: MailSettings,
  items: MailItem[],
  themes: Map<string, ThemeInfo>,
): DigestGroup[] {
  const OTHER = '\u0000other';
  const byTheme = new Map<string, Map<string, string[]>>();
  for (const item of items) {
    const codes = parseThemes(item.themes).filter((c) => themes.has(c));
    const line = `- ${notificationTitle(t, item.kind, item.params)}\n  ${absoluteUrl(settings, locale, item.url)}`;
    for (const code of codes.length ? codes : [OTHER]) {
      const countries = byTheme.get(code) ?? new Map<string, string[]>();
      byTheme.set(code, countries);
      const country = item.country_iso3 ?? OTHER;
      const list = countries.get(country) ?? [];
      list.push(line);
      countries.set(country, list);
    }
  }
  const themeName = (code: string) => {
    const th = themes.get(code);
    return th ? pick(parseLocalized(th.name) as Localized, locale, th.orig_locale).text || code : code;
  };
  const themeOrder = [...byTheme.keys()].sort((a, b) => {
    if (a === OTHER) return 1;
    if (b === OTHER) return -1;
    return (themes.get(a)?.sort_order ?? 0) - (themes.get(b)?.sort_order ?? 0) || a.localeCompare(b);
  });
  const collator = new Intl.Collator(locale);
  return themeOrder.map((code) => {
    const countries = byTheme.get(code)!;
    const named = [...countries.entries()].map(([iso, lines]) => ({
      iso,
      heading: iso === OTHER ? t('notifications.digest.otherCountry') : countryName(iso, locale),
      lines,
    }));
    named.sort((a, b) => {
      if (a.iso === OTHER) return 1;
      if (b.iso === OTHER) return -1;
      return collator.compare(a.heading, b.heading);
    });
    return {
      heading: code === OTHER ? t('notifications.digest.otherTheme') : themeName(code),
      countries: named.map(({ heading, lines }) => ({ heading, lines })),
    };
  });
}

/** One digest e-mail: every pending notification of the period, grouped by theme and country. */
export function digestMail(
  settings: MailSettings,
  to: Recipient,
  frequency: 'daily' | 'weekly',
  items: MailItem[],
  themes: Map<string, ThemeInfo>,
): MailMessage {
  const locale = recipientLocale(to);
  const t = translator(locale);
  const groups = groupDigest(t, locale, settings, items, themes);
  const body: string[] = [
    t('notifications.email.greeting', { name: to.name }),
    '',
    t(frequency === 'daily' ? 'notifications.digest.introDaily' : 'notifications.digest.introWeekly', {
      count: items.length,
    }),
  ];
  for (const g of groups) {
    body.push('', g.heading, '='.repeat(Math.min(g.heading.length, 72)));
    for (const c of g.countries) {
      body.push('', c.heading, ...c.lines);
    }
  }
  body.push(
    footer(t, settings, locale, [
      t('notifications.email.whyDigest'),
      t('notifications.email.unsubscribeAll', { url: unsubscribeUrl(settings, locale, to.id, ALL_KINDS) }),
    ]),
  );
  return {
    to: to.email,
    headers: listUnsubscribe(unsubscribeUrl(settings, locale, to.id, ALL_KINDS)),
    subject: t(
      frequency === 'daily' ? 'notifications.digest.subjectDaily' : 'notifications.digest.subjectWeekly',
      {
        count: items.length,
      },
    ),
    text: body.join('\n'),
  };
}
