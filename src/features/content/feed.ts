import type { News } from '../../db/schema.ts';
import { markdownToText, renderMarkdown } from '../../platform/content/markdown.ts';
import type { Translate } from '../../platform/i18n/catalog.ts';
import { pick } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import { escapeXml } from './xml.ts';

/**
 * An Atom 1.0 feed (RFC 4287) of the published news in one language. Entries missing in that
 * language carry their original text, marked with `xml:lang`.
 */
export function newsAtomFeed(opts: { baseUrl: string; locale: Locale; t: Translate; items: News[] }): string {
  const { baseUrl, locale, t, items } = opts;
  const feedUrl = `${baseUrl}/${locale}/news/feed.xml`;
  const pageUrl = `${baseUrl}/${locale}/news`;
  // With no news yet, the feed is as old as the Unix epoch rather than "now", so it stays stable.
  const updated =
    items
      .map((n) => n.updated_at)
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00.000Z';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `  <id>${escapeXml(pageUrl)}</id>`,
    `  <title>${escapeXml(t('news.feedTitle'))}</title>`,
    `  <subtitle>${escapeXml(t('content.news.feedSubtitle'))}</subtitle>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(pageUrl)}"/>`,
    `  <author><name>${escapeXml(t('content.news.feedAuthor'))}</name></author>`,
    `  <generator>SISMEL</generator>`,
  ];
  for (const n of items) {
    const url = `${baseUrl}/${locale}/news/${n.id}`;
    const title = pick(n.title, locale, n.orig_locale);
    const body = pick(n.body, locale, n.orig_locale);
    const titleLang = title.fallback ? ` xml:lang="${title.lang}"` : '';
    const bodyLang = body.fallback ? ` xml:lang="${body.lang}"` : '';
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(url)}</id>`,
      `    <title type="text"${titleLang}>${escapeXml(title.text)}</title>`,
      `    <published>${escapeXml(n.published_at ?? n.created_at)}</published>`,
      `    <updated>${escapeXml(n.updated_at)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <summary type="text"${bodyLang}>${escapeXml(markdownToText(body.text, 300))}</summary>`,
      `    <content type="html"${bodyLang}>${escapeXml(renderMarkdown(body.text))}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
