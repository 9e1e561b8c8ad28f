import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { ContentPage, Database, News, Theme } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import type { LOCALES } from '../../platform/i18n/locales.ts';
import {
  replaceEntries,
  type SearchEntry,
  type SearchFeed,
  titleLanguages,
} from '../../platform/search/index.ts';

/**
 * How site content enters the search index: pages, news and priority themes, once per
 * language they are written in (a language is indexed when the title has it). Unpublished,
 * deleted or inactive things are taken out. The service calls these in its transactions.
 */

export const PAGE_TYPE = 'page';
export const NEWS_TYPE = 'news';
export const THEME_TYPE = 'theme';

/** Where a page is read, without the locale. */
export function pagePath(page: Pick<ContentPage, 'slug' | 'section'>): string {
  if (page.slug === 'about') return '/about';
  return page.section === 'help' ? `/help/${page.slug}` : `/pages/${page.slug}`;
}

function perLocale(
  titleJson: string,
  bodyJson: string,
  make: (locale: (typeof LOCALES)[number], title: string, body: string) => SearchEntry,
): SearchEntry[] {
  const title = parseLocalized(titleJson);
  const body = parseLocalized(bodyJson);
  const out: SearchEntry[] = [];
  for (const { locale, title: t } of titleLanguages(title)) {
    out.push(make(locale, t, markdownToText(body[locale] ?? '')));
  }
  return out;
}

export function pageEntries(page: ContentPage): SearchEntry[] {
  if (page.published !== 1) return [];
  return perLocale(page.title, page.body, (locale, title, body) => ({
    type: PAGE_TYPE,
    id: page.slug,
    locale,
    title,
    body,
    url: pagePath(page),
    visibility: 'public',
    section: page.section,
    date: page.updated_at,
  }));
}

export function newsEntries(item: News): SearchEntry[] {
  if (item.deleted_at || !item.published_at) return [];
  return perLocale(item.title, item.body, (locale, title, body) => ({
    type: NEWS_TYPE,
    id: item.id,
    locale,
    title,
    body,
    url: `/news/${item.id}`,
    visibility: 'public',
    date: item.published_at,
  }));
}

export function themeEntries(theme: Theme): SearchEntry[] {
  if (theme.active !== 1) return [];
  return perLocale(theme.name, theme.description, (locale, title, body) => ({
    type: THEME_TYPE,
    id: theme.code,
    locale,
    title,
    body,
    url: `/themes/${theme.code}`,
    visibility: 'public',
    themes: [theme.code],
  }));
}

/** (Re)indexes a page as it is now; call after every change, in the same transaction. */
export async function indexPage(trx: Kysely<Database>, page: ContentPage): Promise<void> {
  await replaceEntries(trx, PAGE_TYPE, page.slug, pageEntries(page));
}

export async function indexNews(trx: Kysely<Database>, item: News): Promise<void> {
  await replaceEntries(trx, NEWS_TYPE, item.id, newsEntries(item));
}

export async function indexTheme(trx: Kysely<Database>, theme: Theme): Promise<void> {
  await replaceEntries(trx, THEME_TYPE, theme.code, themeEntries(theme));
}

/** Everything the content feature has, for rebuilding the index. */
export const contentSearchFeeds: SearchFeed[] = [
  {
    types: [PAGE_TYPE],
    async entries(db: Db) {
      const pages = await db
        .selectFrom('content_pages')
        .selectAll()
        .where('published', '=', 1)
        .orderBy('id')
        .execute();
      return pages.flatMap(pageEntries);
    },
  },
  {
    types: [NEWS_TYPE],
    async entries(db: Db) {
      const items = await db
        .selectFrom('news')
        .selectAll()
        .where('deleted_at', 'is', null)
        .where('published_at', 'is not', null)
        .orderBy('id')
        .execute();
      return items.flatMap(newsEntries);
    },
  },
  {
    types: [THEME_TYPE],
    async entries(db: Db) {
      const themes = await db
        .selectFrom('themes')
        .selectAll()
        .where('active', '=', 1)
        .orderBy('id')
        .execute();
      return themes.flatMap(themeEntries);
    },
  },
];
