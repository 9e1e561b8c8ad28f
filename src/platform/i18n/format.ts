import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import pt from 'i18n-iso-countries/langs/pt.json' with { type: 'json' };
import { LOCALES, type Locale } from './locales.ts';

for (const data of [en, es, fr, pt]) countries.registerLocale(data as countries.LocaleData);

export function countryName(iso: string, locale: Locale): string {
  return countries.getName(iso, locale, { select: 'official' }) ?? countries.getName(iso, 'en') ?? iso;
}

export function alpha3ToAlpha2(iso3: string): string | undefined {
  return countries.alpha3ToAlpha2(iso3);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
export function formatNumber(value: number, locale: Locale, decimals?: number): string {
  const key = `${locale}:${decimals ?? ''}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(
      locale,
      decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals },
    );
    numberFormats.set(key, f);
  }
  return f.format(value);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(iso: string | Date, locale: Locale, timeZone = 'UTC'): string {
  const key = `${locale}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    } catch {
      return formatDate(iso, locale, 'UTC');
    }
    dateFormats.set(key, f);
  }
  return f.format(typeof iso === 'string' ? new Date(iso) : iso);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time with its zone ("28 Nov 2026, 14:05 UTC"). */
export function formatDateTime(iso: string | Date, locale: Locale, timeZone = 'UTC'): string {
  const key = `${locale}|${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    // Spelled out: Intl does not accept dateStyle/timeStyle together with timeZoneName.
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
      // An unknown zone in a profile must not break the page.
      return formatDateTime(iso, locale, 'UTC');
    }
    dateTimeFormats.set(key, f);
  }
  return f.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** Translatable content: a JSON object of per-language strings, with the original language. */
export type Localized = Partial<Record<Locale, string>>;

/** The languages that have a text, each trimmed; empty and missing ones are left out. */
export function cleanLocalized(value: Localized | undefined): Localized {
  const out: Localized = {};
  for (const l of LOCALES) {
    const v = value?.[l]?.trim();
    if (v) out[l] = v;
  }
  return out;
}

export function parseLocalized(json: string | null | undefined): Localized {
  if (!json) return {};
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Localized) : {};
  } catch {
    return {};
  }
}

export interface Picked {
  text: string;
  /** The language the text is actually in. */
  lang: Locale;
  /** True when the reader's language was missing and the original is shown instead. */
  fallback: boolean;
}

export function pick(value: Localized | string, locale: Locale, orig: string = 'en'): Picked {
  const v = typeof value === 'string' ? parseLocalized(value) : value;
  const own = v[locale];
  if (own?.trim()) return { text: own, lang: locale, fallback: false };
  const origText = v[orig as Locale];
  if (origText?.trim()) return { text: origText, lang: orig as Locale, fallback: true };
  for (const [lang, text] of Object.entries(v)) {
    if (text?.trim()) return { text, lang: lang as Locale, fallback: true };
  }
  return { text: '', lang: locale, fallback: false };
}
