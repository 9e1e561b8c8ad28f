import type { Db } from '../../db/connection.ts';
import type {
  ContentPage,
  ContentPagesTable,
  LinksTable,
  Link,
  News,
  NewsTable,
  Theme,
  ThemesTable,
} from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { isHttpUrl } from '../../platform/http/form.ts';
import { type Localized, parseLocalized } from '../../platform/i18n/format.ts';
import { contentRepository } from './repository.ts';
import { indexNews, indexPage, indexTheme } from './search-feed.ts';
import {
  type ChangeableKind,
  type RecordKind,
  recordService,
  type TextSpec,
  writeRecord,
} from './translatable.ts';

/**
 * Use cases of the site content: pages and manuals, news, priority themes and links. Every write
 * is for the Secretariat (policy actions page.manage, news.manage, theme.manage, link.manage),
 * runs in one transaction and leaves an audit record in it. Each kind of record is described
 * below (its texts, own fields and checks); translatable.ts does the writing for all of them.
 *
 * Bad input is reported per field with the names the forms use (`title_es`, `sort_order`…), so
 * the same errors serve the pages and the JSON API.
 */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LINK_CATEGORIES = ['regional', 'international', 'statistics', 'other'] as const;
export type LinkCategory = (typeof LINK_CATEGORIES)[number];
export const PAGE_SECTIONS = ['site', 'help'] as const;

const MAX_TITLE = 200;
const MAX_BODY = 100_000;
const MAX_DESCRIPTION = 4_000;

export interface PageInput {
  slug: string;
  section: string;
  parentSlug: string | null;
  title: Localized;
  body: Localized;
  origLocale: string;
  sortOrder: number;
  published: boolean;
}

export interface NewsInput {
  title: Localized;
  body: Localized;
  origLocale: string;
  published: boolean;
}

export interface ThemeInput {
  code: string;
  name: Localized;
  description: Localized;
  origLocale: string;
  sortOrder: number;
  active: boolean;
}

export interface LinkInput {
  name: Localized;
  description: Localized;
  url: string;
  category: string;
  origLocale: string;
  sortOrder: number;
}

/** A record as input: the base of a partial change, and what the JSON API answers (with its id
 * and dates). */
export function newsAsInput(n: News): NewsInput {
  return {
    title: parseLocalized(n.title),
    body: parseLocalized(n.body),
    origLocale: n.orig_locale,
    published: n.published_at !== null,
  };
}

export function themeAsInput(th: Theme): ThemeInput {
  return {
    code: th.code,
    name: parseLocalized(th.name),
    description: parseLocalized(th.description),
    origLocale: th.orig_locale,
    sortOrder: th.sort_order,
    active: th.active === 1,
  };
}

export function linkAsInput(l: Link): LinkInput {
  return {
    name: parseLocalized(l.name),
    description: parseLocalized(l.description),
    url: l.url,
    category: l.category,
    origLocale: l.orig_locale,
    sortOrder: l.sort_order,
  };
}

const TITLE: TextSpec = { name: 'title', max: MAX_TITLE, required: 'content.error.titleRequired' };
const BODY: TextSpec = { name: 'body', max: MAX_BODY, required: 'content.error.bodyRequired' };
const NAME: TextSpec = { name: 'name', max: MAX_TITLE, required: 'content.error.nameRequired' };
const DESCRIPTION: TextSpec = { name: 'description', max: MAX_DESCRIPTION, required: null };

/** A page keeps its slug: links and chapters point to it. */
const pageKind: RecordKind<ContentPagesTable, PageInput, string> = {
  manage: 'page.manage',
  audit: 'page',
  objectType: 'content_page',
  texts: [TITLE, BODY],
  find: (repo, slug) => repo.pageBySlug(slug),
  keyOf: (p) => p.slug,
  async validate({ errors, input, existing, repo }, shared) {
    const slug = input.slug;
    const sameSlug = existing ?? (await repo.pageBySlug(slug));
    if (!sameSlug) {
      if (!SLUG_PATTERN.test(slug) || slug.length > 80) errors.add('slug', 'content.error.slugFormat');
    } else if (!existing) {
      errors.add('slug', 'content.error.slugTaken');
    }
    if (!(PAGE_SECTIONS as readonly string[]).includes(input.section)) {
      errors.add('section', 'content.error.section');
    }
    shared();
    const parentSlug = input.parentSlug || null;
    if (parentSlug) {
      const parent = await repo.pageBySlug(parentSlug);
      if (parent?.section !== 'help' || parent.parent_slug || parentSlug === slug) {
        errors.add('parent_slug', 'content.error.parent');
      } else if (input.section !== 'help') {
        errors.add('section', 'content.error.chapterSection');
      } else if (sameSlug && (await repo.countChapters(slug)) > 0) {
        errors.add('parent_slug', 'content.error.parentHasChapters');
      }
    }
  },
  columns: (input) => ({
    section: input.section,
    parent_slug: input.parentSlug || null,
    sort_order: input.sortOrder,
    published: input.published ? 1 : 0,
  }),
  created: (input, _actor, now) => ({ slug: input.slug, created_at: now }),
  insert: (repo, values) => repo.insertPage(values),
  update: (repo, page, values) => repo.updatePage(page.id, values),
  index: indexPage,
};

const newsKind: ChangeableKind<NewsTable, NewsInput, number> = {
  manage: 'news.manage',
  audit: 'news',
  objectType: 'news',
  texts: [TITLE, BODY],
  find: (repo, id) => repo.newsById(id),
  isRemoved: (n) => !!n.deleted_at,
  keyOf: (n) => n.id,
  inputOf: newsAsInput,
  // An item keeps the date it was first published.
  columns: (input, existing, now) => ({
    published_at: input.published ? (existing?.published_at ?? now) : null,
  }),
  created: (_input, actor, now) => ({
    created_by: actor && actor.id > 0 ? actor.id : null,
    created_at: now,
    deleted_at: null,
  }),
  insert: (repo, values) => repo.insertNews(values),
  update: (repo, item, values) => repo.updateNews(item.id, values),
  updateAction: (before, after) =>
    before.published_at === null && after.published_at !== null
      ? 'news.publish'
      : before.published_at !== null && after.published_at === null
        ? 'news.unpublish'
        : 'news.update',
  index: indexNews,
};

/** A theme keeps its code: other features tag their items with it. */
const themeKind: ChangeableKind<ThemesTable, ThemeInput, string> = {
  manage: 'theme.manage',
  audit: 'theme',
  objectType: 'theme',
  texts: [NAME, DESCRIPTION],
  find: (repo, code) => repo.themeByCode(code),
  keyOf: (th) => th.code,
  inputOf: themeAsInput,
  async validate({ errors, input, existing, repo }, shared) {
    if (!existing) {
      if (!SLUG_PATTERN.test(input.code) || input.code.length > 60) {
        errors.add('code', 'content.error.codeFormat');
      } else if (await repo.themeByCode(input.code)) {
        errors.add('code', 'content.error.codeTaken');
      }
    }
    shared();
  },
  columns: (input) => ({ sort_order: input.sortOrder, active: input.active ? 1 : 0 }),
  created: (input) => ({ code: input.code }),
  insert: (repo, values) => repo.insertTheme(values),
  update: (repo, theme, values) => repo.updateTheme(theme.id, values),
  index: indexTheme,
};

const linkKind: ChangeableKind<LinksTable, LinkInput, number> = {
  manage: 'link.manage',
  audit: 'link',
  objectType: 'link',
  texts: [NAME, DESCRIPTION],
  find: (repo, id) => repo.linkById(id),
  isRemoved: (l) => !!l.deleted_at,
  keyOf: (l) => l.id,
  inputOf: linkAsInput,
  validate({ errors, input }, shared) {
    if (!isHttpUrl(input.url.trim()) || input.url.length > 2000) errors.add('url', 'content.error.url');
    if (!(LINK_CATEGORIES as readonly string[]).includes(input.category)) {
      errors.add('category', 'content.error.category');
    }
    shared();
  },
  columns: (input) => ({ url: input.url.trim(), category: input.category, sort_order: input.sortOrder }),
  insert: (repo, values) => repo.insertLink(values),
  update: (repo, link, values) => repo.updateLink(link.id, values),
};

export function contentService(db: Db) {
  const news = recordService(db, newsKind);
  const themes = recordService(db, themeKind);
  const links = recordService(db, linkKind);
  return {
    /**
     * Creates the page `input.slug`, or replaces it when `existingSlug` names it (the slug of an
     * existing page never changes). With `upsert`, a missing page is created instead of
     * answering 404 (PUT in the API).
     */
    savePage(
      actor: Actor | null,
      input: PageInput,
      opts: { existingSlug?: string | null; upsert?: boolean } = {},
    ): Promise<{ page: ContentPage; created: boolean }> {
      assertCan(actor, pageKind.manage);
      return db.transaction().execute(async (trx) => {
        const slug = opts.existingSlug ?? input.slug;
        const existing = opts.existingSlug ? await pageKind.find(contentRepository(trx), slug) : undefined;
        if (opts.existingSlug && !existing && !opts.upsert) throw new NotFoundError();
        const page = await writeRecord(trx, actor, pageKind, existing, { ...input, slug });
        return { page, created: !existing };
      });
    },

    createNews: news.create,
    /** Changes an item; publishing or unpublishing it is recorded as such. */
    updateNews: news.update,
    setNewsPublished: (actor: Actor | null, id: number, published: boolean): Promise<News> =>
      news.update(actor, id, { published }),
    deleteNews: news.remove,
    restoreNews: news.restore,

    createTheme: themes.create,
    updateTheme: themes.update,

    createLink: links.create,
    updateLink: links.update,
    deleteLink: links.remove,
    restoreLink: links.restore,
  };
}

export type ContentService = ReturnType<typeof contentService>;
