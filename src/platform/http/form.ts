import type { Localized } from '../i18n/format.ts';
import { LOCALES } from '../i18n/locales.ts';

/** Reading form bodies (urlencoded, or JSON for the API) without trusting their shape. */
export type FormBody = Record<string, unknown>;

export function str(body: unknown, name: string): string {
  const v = (body as FormBody | undefined)?.[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0].trim() : '';
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** Per-language fields `title_en`, `title_es` … → `{ en, es, … }`, leaving out the empty ones. */
export function localizedFrom(body: unknown, name: string): Localized {
  const out: Localized = {};
  for (const l of LOCALES) {
    const v = str(body, `${name}_${l}`);
    if (v) out[l] = v;
  }
  return out;
}

export function optStr(body: unknown, name: string): string | null {
  const s = str(body, name);
  return s === '' ? null : s;
}

export function list(body: unknown, name: string): string[] {
  const v = (body as FormBody | undefined)?.[name];
  if (Array.isArray(v))
    return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  if (typeof v === 'string' && v.trim() !== '') return [v.trim()];
  return [];
}

export function bool(body: unknown, name: string): boolean {
  const v = (body as FormBody | undefined)?.[name];
  return v === true || v === 'on' || v === 'true' || v === '1' || v === 1;
}

export function intParam(value: unknown): number | null {
  const s = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return /^\d{1,12}$/.test(s) ? Number(s) : null;
}

export function isEmail(s: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s) && s.length <= 254;
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
