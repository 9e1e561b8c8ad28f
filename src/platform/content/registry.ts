import type { ComponentChildren } from 'preact';
import type { Actor } from '../auth/actor.ts';
import type { Localized } from '../i18n/format.ts';
import type { Locale } from '../i18n/locales.ts';

/**
 * Extension points of the site content, kept on `AppDeps` so each app instance has its own.
 *
 * - `deps.sitemap`: each feature with public pages pushes a source; the site map page
 *   (`/:locale/sitemap`) and `/sitemap.xml` list every source's entries in every language.
 * - `deps.themeSections`: each feature that tags its items with a priority theme pushes a
 *   section; the theme page (`/:locale/themes/:code`) shows every section that has something.
 */

export interface SitemapEntry {
  /** Path without the locale prefix, e.g. `/news/12`. */
  path: string;
  /** Translatable title with its original language… */
  title?: Localized;
  origLocale?: string;
  /** …or a message key when the title is a fixed label. */
  titleKey?: string;
  /** ISO-8601 time of the last change, for `<lastmod>`. */
  lastmod?: string | null;
  /** Path of the entry this one belongs under (e.g. a manual's chapters), shown nested. */
  parent?: string;
}

export interface SitemapSource {
  /** Message key of the section heading on the site map page. */
  label: string;
  /** The section's own page, without the locale prefix, if it has one. */
  href?: string;
  /** Position among the sections (the main navigation uses the same scale). */
  order: number;
  /** Pages anyone may read: the site map is public, so nothing members-only belongs here. */
  entries(): Promise<SitemapEntry[]>;
}

export interface ThemeSectionContext {
  theme: { id: number; code: string };
  actor: Actor | null;
  locale: Locale;
}

export interface ThemeSection {
  /** A stable name (e.g. `documents`), also used as the section's HTML id. */
  key: string;
  order: number;
  /**
   * The section's content (with its own `<h2>`), or null when the feature has nothing on this
   * theme for this reader. Return elements, not HTML strings: they render inside the page, so
   * components may call `useCtx()`. Filter by what the actor may read.
   */
  load(ctx: ThemeSectionContext): Promise<ComponentChildren | null>;
}
