import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, type Locale } from './locales.ts';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Catalog = Record<string, string>;

/**
 * Message catalogues live beside the code that uses them: `platform/i18n/messages/<locale>.json`
 * and `features/<name>/messages/[<part>/]<locale>.json`. Keys are global, prefixed by the feature.
 */
export function catalogFolders(): string[] {
  const folders = [path.join(srcDir, 'platform/i18n/messages')];
  const featuresDir = path.join(srcDir, 'features');
  for (const name of fs.readdirSync(featuresDir).sort()) {
    const dir = path.join(featuresDir, name, 'messages');
    if (!fs.existsSync(dir)) continue;
    folders.push(dir);
    // A feature built in parts may keep each part's catalogue in a sub-folder.
    for (const sub of fs.readdirSync(dir, { withFileTypes: true })) {
      if (sub.isDirectory()) folders.push(path.join(dir, sub.name));
    }
  }
  return folders;
}

export function loadCatalogs(): Record<Locale, Catalog> {
  const out = Object.fromEntries(LOCALES.map((l) => [l, {} as Catalog])) as Record<Locale, Catalog>;
  for (const dir of catalogFolders()) {
    for (const locale of LOCALES) {
      const file = path.join(dir, `${locale}.json`);
      if (!fs.existsSync(file)) continue;
      const messages = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
      for (const [key, value] of Object.entries(messages)) {
        if (key in out[locale]) throw new Error(`Duplicate message key ${key} in ${file}`);
        out[locale][key] = value;
      }
    }
  }
  return out;
}

let catalogs: Record<Locale, Catalog> | undefined;
const compiled = new Map<string, IntlMessageFormat>();

export function getCatalogs(): Record<Locale, Catalog> {
  catalogs ??= loadCatalogs();
  return catalogs;
}

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, values?: MessageValues) => string;

export function translator(locale: Locale): Translate {
  const catalog = getCatalogs()[locale];
  const fallback = getCatalogs().en;
  return (key, values) => {
    const cacheKey = `${locale}\u0000${key}`;
    let fmt = compiled.get(cacheKey);
    if (!fmt) {
      const source = catalog[key] ?? fallback[key];
      if (source === undefined) return key;
      fmt = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
      compiled.set(cacheKey, fmt);
    }
    return String(fmt.format(values as Record<string, string | number | Date | boolean>));
  };
}
