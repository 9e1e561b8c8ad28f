import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { ContentPage, Link, News, Theme } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan } from '../../platform/auth/policy.ts';
import { FieldErrors, NotFoundError } from '../../platform/http/errors.ts';
import { isHttpUrl } from '../../platform/http/form.ts';
import { type Localized, parseLocalized } from '../../platform/i18n/format.ts';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../platform/i18n/locales.ts';
import { contentRepository } from './repository.ts';
import { indexNews, indexPage, indexTheme } from './search-feed.ts';

/**
 * Use cases of the site content: pages and manuals, news, priority themes and links. Every write
 * is for the Secretariat (policy actions page.manage, news.manage, theme.manage, link.manage),
 * runs in one transaction and leaves an audit record in it.
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

/** Trimmed per-language texts, without the empty ones. */
export function cleanLocalized(value: unknown): Localized {
  const out: Localized = {};
  if (!value || typeof value !== 'object') return out;
  for (const l of LOCALES) {
    const v = (value as Record<string, unknown>)[l];
    if (typeof v === 'string' && v.trim()) out[l] = v.trim();
  }
  return out;
}

/** Per-language merge for partial updates: a language sent as "" is removed. */
export function mergeLocalized(current: Localized, patch: unknown): Localized {
  if (!patch || typeof patch !== 'object') return current;
  const out: Localized = { ...current };
  for (const l of LOCALES) {
    const v = (patch as Record<string, unknown>)[l];
    if (typeof v !== 'string') continue;
    if (v.trim()) out[l] = v.trim();
    else delete out[l];
  }
  return out;
}

function checkLocalized(
  errors: FieldErrors,
  field: string,
  value: Localized,
  origLocale: string,
  max: number,
  requiredKey: string | null,
): void {
  if (requiredKey && isLocale(origLocale) && !value[origLocale]) {
    errors.add(`${field}_${origLocale}`, requiredKey, { language: LOCALE_NAMES[origLocale] });
  }
  for (const l of LOCALES) {
    if ((value[l]?.length ?? 0) > max) errors.add(`${field}_${l}`, 'content.error.tooLong', { max });
  }
}

function checkOrigLocale(errors: FieldErrors, origLocale: string): void {
  if (!isLocale(origLocale)) errors.add('orig_locale', 'content.error.origLocale');
}

function checkSortOrder(errors: FieldErrors, sortOrder: number): void {
  if (!Number.isInteger(sortOrder) || Math.abs(sortOrder) > 100_000) {
    errors.add('sort_order', 'content.error.sortOrder');
  }
}

const json = (v: Localized) => JSON.stringify(v);

export function contentService(db: Db) {
  const service = {
    // Pages and manuals

    /**
     * Creates the page `input.slug`, or replaces it when `existingSlug` names it (the slug of an
     * existing page never changes: links and chapters point to it). With `upsert`, a missing
     * page is created instead of answering 404 (PUT in the API).
     */
    async savePage(
      actor: Actor | null,
      input: PageInput,
      opts: { existingSlug?: string | null; upsert?: boolean } = {},
    ): Promise<{ page: ContentPage; created: boolean }> {
      assertCan(actor, 'page.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const slug = opts.existingSlug ?? input.slug;
        const existing = await repo.pageBySlug(slug);
        if (opts.existingSlug && !existing && !opts.upsert) throw new NotFoundError();

        const errors = new FieldErrors();
        const title = cleanLocalized(input.title);
        const body = cleanLocalized(input.body);
        if (!existing) {
          if (!SLUG_PATTERN.test(slug) || slug.length > 80) errors.add('slug', 'content.error.slugFormat');
        } else if (!opts.existingSlug) {
          errors.add('slug', 'content.error.slugTaken');
        }
        if (!(PAGE_SECTIONS as readonly string[]).includes(input.section)) {
          errors.add('section', 'content.error.section');
        }
        checkOrigLocale(errors, input.origLocale);
        checkSortOrder(errors, input.sortOrder);
        checkLocalized(errors, 'title', title, input.origLocale, MAX_TITLE, 'content.error.titleRequired');
        checkLocalized(errors, 'body', body, input.origLocale, MAX_BODY, 'content.error.bodyRequired');
        const parentSlug = input.parentSlug || null;
        if (parentSlug) {
          const parent = await repo.pageBySlug(parentSlug);
          if (parent?.section !== 'help' || parent.parent_slug || parentSlug === slug) {
            errors.add('parent_slug', 'content.error.parent');
          } else if (input.section !== 'help') {
            errors.add('section', 'content.error.chapterSection');
          } else if (existing && (await repo.countChapters(slug)) > 0) {
            errors.add('parent_slug', 'content.error.parentHasChapters');
          }
        }
        errors.throwIfAny();

        const now = nowIso();
        const values = {
          section: input.section,
          parent_slug: parentSlug,
          title: json(title),
          body: json(body),
          orig_locale: input.origLocale,
          sort_order: input.sortOrder,
          published: input.published ? 1 : 0,
          updated_at: now,
        };
        if (existing) {
          const page = await repo.updatePage(existing.id, values);
          await audit(trx, actor, {
            action: 'page.update',
            objectType: 'content_page',
            objectId: slug,
            before: existing,
            after: page,
          });
          await indexPage(trx, page);
          return { page, created: false };
        }
        const page = await repo.insertPage({ ...values, slug, created_at: now });
        await audit(trx, actor, {
          action: 'page.create',
          objectType: 'content_page',
          objectId: slug,
          after: page,
        });
        await indexPage(trx, page);
        return { page, created: true };
      });
    },

    // News

    async createNews(actor: Actor | null, input: NewsInput): Promise<News> {
      assertCan(actor, 'news.manage');
      const { title, body } = validateNews(input);
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const item = await contentRepository(trx).insertNews({
          title: json(title),
          body: json(body),
          orig_locale: input.origLocale,
          published_at: input.published ? now : null,
          created_by: actor && actor.id > 0 ? actor.id : null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        });
        await audit(trx, actor, {
          action: 'news.create',
          objectType: 'news',
          objectId: item.id,
          after: item,
        });
        await indexNews(trx, item);
        return item;
      });
    },

    /** Changes an item; fields left out of `patch` keep their value, languages merge one by one. */
    async updateNews(
      actor: Actor | null,
      id: number,
      patch: Partial<Omit<NewsInput, 'title' | 'body'>> & { title?: unknown; body?: unknown },
      opts: { replaceTexts?: boolean } = {},
    ): Promise<News> {
      assertCan(actor, 'news.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.newsById(id);
        if (!existing || existing.deleted_at) throw new NotFoundError();
        const merged: NewsInput = {
          title: opts.replaceTexts
            ? cleanLocalized(patch.title)
            : mergeLocalized(parseLocalized(existing.title), patch.title),
          body: opts.replaceTexts
            ? cleanLocalized(patch.body)
            : mergeLocalized(parseLocalized(existing.body), patch.body),
          origLocale: patch.origLocale ?? existing.orig_locale,
          published: patch.published ?? existing.published_at !== null,
        };
        const { title, body } = validateNews(merged);
        const now = nowIso();
        const item = await repo.updateNews(id, {
          title: json(title),
          body: json(body),
          orig_locale: merged.origLocale,
          published_at: merged.published ? (existing.published_at ?? now) : null,
          updated_at: now,
        });
        const action =
          existing.published_at === null && item.published_at !== null
            ? 'news.publish'
            : existing.published_at !== null && item.published_at === null
              ? 'news.unpublish'
              : 'news.update';
        await audit(trx, actor, { action, objectType: 'news', objectId: id, before: existing, after: item });
        await indexNews(trx, item);
        return item;
      });
    },

    setNewsPublished(actor: Actor | null, id: number, published: boolean): Promise<News> {
      return service.updateNews(actor, id, { published });
    },

    /** Soft delete: the item leaves every public list and feed; the Secretariat can restore it. */
    async deleteNews(actor: Actor | null, id: number): Promise<void> {
      assertCan(actor, 'news.manage');
      await db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.newsById(id);
        if (!existing || existing.deleted_at) throw new NotFoundError();
        const now = nowIso();
        const item = await repo.updateNews(id, { deleted_at: now, updated_at: now });
        await audit(trx, actor, {
          action: 'news.delete',
          objectType: 'news',
          objectId: id,
          before: existing,
          after: item,
        });
        await indexNews(trx, item);
      });
    },

    async restoreNews(actor: Actor | null, id: number): Promise<News> {
      assertCan(actor, 'news.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.newsById(id);
        if (!existing) throw new NotFoundError();
        if (!existing.deleted_at) return existing;
        const item = await repo.updateNews(id, { deleted_at: null, updated_at: nowIso() });
        await audit(trx, actor, {
          action: 'news.restore',
          objectType: 'news',
          objectId: id,
          before: existing,
          after: item,
        });
        await indexNews(trx, item);
        return item;
      });
    },

    // Priority themes

    async createTheme(actor: Actor | null, input: ThemeInput): Promise<Theme> {
      assertCan(actor, 'theme.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const errors = new FieldErrors();
        if (!SLUG_PATTERN.test(input.code) || input.code.length > 60)
          errors.add('code', 'content.error.codeFormat');
        else if (await repo.themeByCode(input.code)) errors.add('code', 'content.error.codeTaken');
        const { name, description } = validateTheme(input, errors);
        const theme = await repo.insertTheme({
          code: input.code,
          name: json(name),
          description: json(description),
          orig_locale: input.origLocale,
          sort_order: input.sortOrder,
          active: input.active ? 1 : 0,
          updated_at: nowIso(),
        });
        await audit(trx, actor, {
          action: 'theme.create',
          objectType: 'theme',
          objectId: theme.code,
          after: theme,
        });
        await indexTheme(trx, theme);
        return theme;
      });
    },

    /** Changes a theme (its code stays: other features tag their items with it). */
    async updateTheme(
      actor: Actor | null,
      code: string,
      patch: Partial<Omit<ThemeInput, 'code' | 'name' | 'description'>> & {
        name?: unknown;
        description?: unknown;
      },
      opts: { replaceTexts?: boolean } = {},
    ): Promise<Theme> {
      assertCan(actor, 'theme.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.themeByCode(code);
        if (!existing) throw new NotFoundError();
        const merged: ThemeInput = {
          code,
          name: opts.replaceTexts
            ? cleanLocalized(patch.name)
            : mergeLocalized(parseLocalized(existing.name), patch.name),
          description: opts.replaceTexts
            ? cleanLocalized(patch.description)
            : mergeLocalized(parseLocalized(existing.description), patch.description),
          origLocale: patch.origLocale ?? existing.orig_locale,
          sortOrder: patch.sortOrder ?? existing.sort_order,
          active: patch.active ?? existing.active === 1,
        };
        const { name, description } = validateTheme(merged, new FieldErrors());
        const theme = await repo.updateTheme(existing.id, {
          name: json(name),
          description: json(description),
          orig_locale: merged.origLocale,
          sort_order: merged.sortOrder,
          active: merged.active ? 1 : 0,
          updated_at: nowIso(),
        });
        await audit(trx, actor, {
          action: 'theme.update',
          objectType: 'theme',
          objectId: code,
          before: existing,
          after: theme,
        });
        await indexTheme(trx, theme);
        return theme;
      });
    },

    // Links

    async createLink(actor: Actor | null, input: LinkInput): Promise<Link> {
      assertCan(actor, 'link.manage');
      const { name, description } = validateLink(input);
      return db.transaction().execute(async (trx) => {
        const link = await contentRepository(trx).insertLink({
          name: json(name),
          description: json(description),
          url: input.url.trim(),
          category: input.category,
          orig_locale: input.origLocale,
          sort_order: input.sortOrder,
          updated_at: nowIso(),
        });
        await audit(trx, actor, {
          action: 'link.create',
          objectType: 'link',
          objectId: link.id,
          after: link,
        });
        return link;
      });
    },

    async updateLink(
      actor: Actor | null,
      id: number,
      patch: Partial<Omit<LinkInput, 'name' | 'description'>> & { name?: unknown; description?: unknown },
      opts: { replaceTexts?: boolean } = {},
    ): Promise<Link> {
      assertCan(actor, 'link.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.linkById(id);
        if (!existing || existing.deleted_at) throw new NotFoundError();
        const merged: LinkInput = {
          name: opts.replaceTexts
            ? cleanLocalized(patch.name)
            : mergeLocalized(parseLocalized(existing.name), patch.name),
          description: opts.replaceTexts
            ? cleanLocalized(patch.description)
            : mergeLocalized(parseLocalized(existing.description), patch.description),
          url: patch.url ?? existing.url,
          category: patch.category ?? existing.category,
          origLocale: patch.origLocale ?? existing.orig_locale,
          sortOrder: patch.sortOrder ?? existing.sort_order,
        };
        const { name, description } = validateLink(merged);
        const link = await repo.updateLink(id, {
          name: json(name),
          description: json(description),
          url: merged.url.trim(),
          category: merged.category,
          orig_locale: merged.origLocale,
          sort_order: merged.sortOrder,
          updated_at: nowIso(),
        });
        await audit(trx, actor, {
          action: 'link.update',
          objectType: 'link',
          objectId: id,
          before: existing,
          after: link,
        });
        return link;
      });
    },

    async deleteLink(actor: Actor | null, id: number): Promise<void> {
      assertCan(actor, 'link.manage');
      await db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.linkById(id);
        if (!existing || existing.deleted_at) throw new NotFoundError();
        const now = nowIso();
        const link = await repo.updateLink(id, { deleted_at: now, updated_at: now });
        await audit(trx, actor, {
          action: 'link.delete',
          objectType: 'link',
          objectId: id,
          before: existing,
          after: link,
        });
      });
    },

    async restoreLink(actor: Actor | null, id: number): Promise<Link> {
      assertCan(actor, 'link.manage');
      return db.transaction().execute(async (trx) => {
        const repo = contentRepository(trx);
        const existing = await repo.linkById(id);
        if (!existing) throw new NotFoundError();
        if (!existing.deleted_at) return existing;
        const link = await repo.updateLink(id, { deleted_at: null, updated_at: nowIso() });
        await audit(trx, actor, {
          action: 'link.restore',
          objectType: 'link',
          objectId: id,
          before: existing,
          after: link,
        });
        return link;
      });
    },
  };
  return service;
}

export type ContentService = ReturnType<typeof contentService>;

function validateNews(input: NewsInput): { title: Localized; body: Localized } {
  const errors = new FieldErrors();
  const title = cleanLocalized(input.title);
  const body = cleanLocalized(input.body);
  checkOrigLocale(errors, input.origLocale);
  checkLocalized(errors, 'title', title, input.origLocale, MAX_TITLE, 'content.error.titleRequired');
  checkLocalized(errors, 'body', body, input.origLocale, MAX_BODY, 'content.error.bodyRequired');
  errors.throwIfAny();
  return { title, body };
}

function validateTheme(input: ThemeInput, errors: FieldErrors): { name: Localized; description: Localized } {
  const name = cleanLocalized(input.name);
  const description = cleanLocalized(input.description);
  checkOrigLocale(errors, input.origLocale);
  checkSortOrder(errors, input.sortOrder);
  checkLocalized(errors, 'name', name, input.origLocale, MAX_TITLE, 'content.error.nameRequired');
  checkLocalized(errors, 'description', description, input.origLocale, MAX_DESCRIPTION, null);
  errors.throwIfAny();
  return { name, description };
}

function validateLink(input: LinkInput): { name: Localized; description: Localized } {
  const errors = new FieldErrors();
  const name = cleanLocalized(input.name);
  const description = cleanLocalized(input.description);
  if (!isHttpUrl(input.url.trim()) || input.url.length > 2000) errors.add('url', 'content.error.url');
  if (!(LINK_CATEGORIES as readonly string[]).includes(input.category)) {
    errors.add('category', 'content.error.category');
  }
  checkOrigLocale(errors, input.origLocale);
  checkSortOrder(errors, input.sortOrder);
  checkLocalized(errors, 'name', name, input.origLocale, MAX_TITLE, 'content.error.nameRequired');
  checkLocalized(errors, 'description', description, input.origLocale, MAX_DESCRIPTION, null);
  errors.throwIfAny();
  return { name, description };
}
