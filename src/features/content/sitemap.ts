import type { AppDeps } from '../../app.ts';
import type { SitemapEntry } from '../../platform/content/registry.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import { escapeXml } from './xml.ts';

export interface SitemapSection {
  label: string;
  href?: string;
  order: number;
  entries: SitemapEntry[];
}

/**
 * Every public section and page: the main navigation as anonymous visitors see it, merged with
 * what each registered source (`deps.sitemap`) lists. A source whose `href` matches a menu entry
 * fills that entry's section.
 */
export async function collectSitemap(deps: AppDeps): Promise<SitemapSection[]> {
  const sections = new Map<string, SitemapSection>();
  for (const n of deps.nav) {
    if (n.visible && !n.visible(null)) continue;
    sections.set(n.href, { label: n.label, href: n.href, order: n.order, entries: [] });
  }
  const loaded = await Promise.all(
    deps.sitemap.map(async (s) => ({ source: s, entries: await s.entries() })),
  );
  for (const { source, entries } of loaded) {
    const key = source.href ?? `#${source.label}`;
    const existing = sections.get(key);
    if (existing) existing.entries.push(...entries);
    else
      sections.set(key, {
        label: source.label,
        href: source.href,
        order: source.order,
        entries: [...entries],
      });
  }
  return [...sections.values()].sort((a, b) => a.order - b.order);
}

/** The search engines' limit for one sitemap file. */
const MAX_URLS = 50_000;

/** `sitemap.xml`: each public path once per language, with its hreflang alternates. */
export function sitemapXml(baseUrl: string, sections: SitemapSection[]): string {
  const paths = new Map<string, string | null | undefined>();
  for (const s of sections) {
    if (s.href && !paths.has(s.href)) paths.set(s.href, undefined);
    for (const e of s.entries) {
      const prev = paths.get(e.path);
      if (!paths.has(e.path) || (e.lastmod && (!prev || e.lastmod > prev))) paths.set(e.path, e.lastmod);
    }
  }
  const href = (locale: string, path: string) => escapeXml(`${baseUrl}/${locale}${path === '/' ? '' : path}`);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ];
  let count = 0;
  for (const [path, lastmod] of paths) {
    if (count + LOCALES.length > MAX_URLS) break;
    const alternates = LOCALES.map(
      (l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${href(l, path)}"/>`,
    ).join('\n');
    for (const l of LOCALES) {
      out.push(
        '  <url>',
        `    <loc>${href(l, path)}</loc>`,
        ...(lastmod ? [`    <lastmod>${escapeXml(lastmod)}</lastmod>`] : []),
        alternates,
        '  </url>',
      );
      count++;
    }
  }
  out.push('</urlset>', '');
  return out.join('\n');
}
