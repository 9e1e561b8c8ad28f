import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { loadCatalogs } from './catalog.ts';
import { LOCALES } from './locales.ts';

function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (
        el.type === TYPE.argument ||
        el.type === TYPE.number ||
        el.type === TYPE.date ||
        el.type === TYPE.time
      ) {
        names.add(el.value);
      } else if (el.type === TYPE.select || el.type === TYPE.plural) {
        names.add(el.value);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) {
        walk(el.children);
      }
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...names].sort();
}

describe('message catalogues', () => {
  const catalogs = loadCatalogs();
  const allKeys = new Set(LOCALES.flatMap((l) => Object.keys(catalogs[l])));

  it('has messages', () => {
    expect(allKeys.size).toBeGreaterThan(40);
  });

  it.each(LOCALES)('%s has every key', (locale) => {
    const missing = [...allKeys].filter((k) => !(k in catalogs[locale]));
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s messages are valid ICU and use the same placeholders as English', (locale) => {
    const mismatched: string[] = [];
    for (const key of allKeys) {
      const en = catalogs.en[key];
      const other = catalogs[locale][key];
      if (en === undefined || other === undefined) continue;
      if (other.trim() === '') mismatched.push(`${key}: empty`);
      else if (placeholders(en).join(',') !== placeholders(other).join(',')) mismatched.push(key);
    }
    expect(mismatched).toEqual([]);
  });
});
