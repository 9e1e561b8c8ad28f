import type { DocumentRow } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { pick } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/locales.ts';

function xml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

/** An Atom feed of documents (only ever given public, published ones). */
export function atomFeed(opts: {
  baseUrl: string;
  locale: Locale;
  title: string;
  selfPath: string;
  pagePath: string;
  docs: DocumentRow[];
  typeLabel: (type: string) => string;
}): string {
  const { baseUrl, locale } = opts;
  const updated =
    opts.docs
      .map((d) => d.updated_at)
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00.000Z';
  const entries = opts.docs.map((d) => {
    const title = pick(d.title, locale, d.orig_locale);
    const summary = markdownToText(pick(d.summary, locale, d.orig_locale).text, 600);
    const url = `${baseUrl}/${locale}/documents/${d.id}`;
    return [
      '  <entry>',
      `    <id>${xml(url)}</id>`,
      `    <title xml:lang="${title.lang}">${xml(title.text)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <published>${xml(d.published_at ?? d.created_at)}</published>`,
      `    <updated>${xml(d.updated_at)}</updated>`,
      `    <author><name>${xml(d.authors || 'SISMEL')}</name></author>`,
      `    <category term="${xml(d.doc_type)}" label="${xml(opts.typeLabel(d.doc_type))}"/>`,
      summary ? `    <summary>${xml(summary)}</summary>` : '',
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `  <id>${xml(`${baseUrl}/${locale}${opts.selfPath}`)}</id>`,
    `  <title>${xml(opts.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${baseUrl}/${locale}${opts.selfPath}`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${baseUrl}/${locale}${opts.pagePath}`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
