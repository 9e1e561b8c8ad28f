import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { ContentPage } from '../../db/schema.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import { rootDir } from '../../platform/http/assets.ts';
import { getCatalogs } from '../../platform/i18n/catalog.ts';
import { LOCALES, type Locale } from '../../platform/i18n/locales.ts';
import { indexPage } from './search-feed.ts';

/**
 * The three manuals are Markdown files in the repository (`docs/manuals/<manual>/<locale>/`),
 * reference content every installation needs. At start they are copied into the help area's
 * content pages: a page is created when missing and replaced when its file changed, unless the
 * Secretariat edited it in the app since the last copy (then their text is kept). See
 * docs/manuals/README.md for the conventions the files follow.
 */

export const MANUALS = ['user-manual', 'coordinator-manual', 'secretariat-guide'] as const;
export type ManualName = (typeof MANUALS)[number];

export const manualsDir = path.join(rootDir, 'docs/manuals');
export const helpImagesDir = path.join(rootDir, 'public/help-images');
/** URL prefix of the screenshots (public/ is served under /static/). */
export const HELP_IMAGES_URL = '/static/help-images';

/** `[[ui:some.key]]`: a button, link or menu label, shown as the catalogue text in the page's language. */
export const UI_MARKER = /\[\[ui:([A-Za-z0-9_.-]+)\]\]/g;
/** `![alt](/static/help-images/es/name.png)`: a screenshot, on a line of its own. */
export const IMAGE_LINE = /^!\[([^\]]*)\]\((\/static\/help-images\/(en|es|fr|pt)\/([a-z0-9-]+)\.png)\)\s*$/;
const ANY_IMAGE = /!\[[^\]]*\]\(([^)\s]+)\)/g;

export interface ManualFile {
  manual: ManualName;
  locale: Locale;
  /** The file name without the extension, e.g. `03-bulk-upload`. */
  name: string;
  /** The page slug: the manual's own name for `00-introduction`, else `<manual>-<chapter>`. */
  slug: string;
  order: number;
  title: string;
  /** The Markdown as written, with its markers. */
  body: string;
  file: string;
}

/** Reads `title: …` from the front matter between two `---` lines, and the body after it. */
export function parseManualFile(text: string, file: string): { title: string; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) throw new Error(`${file}: missing front matter (--- title: … ---)`);
  const fields: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line.trim());
    if (kv) fields[kv[1]!] = kv[2]!.replace(/^(["'])(.*)\1$/, '$2').trim();
  }
  if (!fields.title) throw new Error(`${file}: the front matter has no title`);
  return { title: fields.title, body: text.slice(m[0].length).trim() };
}

/** Every manual file, in manual, chapter and language order. */
export function readManualFiles(dir = manualsDir): ManualFile[] {
  const out: ManualFile[] = [];
  for (const manual of MANUALS) {
    for (const locale of LOCALES) {
      const folder = path.join(dir, manual, locale);
      if (!fs.existsSync(folder)) continue;
      for (const f of fs.readdirSync(folder).sort()) {
        const m = /^(\d\d)-([a-z0-9-]+)\.md$/.exec(f);
        if (!m) continue;
        const file = path.join(folder, f);
        const order = Number(m[1]);
        const chapter = m[2]!;
        const { title, body } = parseManualFile(fs.readFileSync(file, 'utf8'), file);
        out.push({
          manual,
          locale,
          name: f.replace(/\.md$/, ''),
          slug: order === 0 ? manual : `${manual}-${chapter}`,
          order,
          title,
          body,
          file,
        });
      }
    }
  }
  return out;
}

/** The catalogue keys a text names with `[[ui:…]]`. */
export function uiReferences(md: string): string[] {
  return [...md.matchAll(UI_MARKER)].map((m) => m[1]!);
}

/** The image paths a text refers to (every `![…](…)`, well-formed or not). */
export function imageReferences(md: string): string[] {
  return [...md.matchAll(ANY_IMAGE)].map((m) => m[1]!);
}

/** The file a screenshot URL stands for. */
export function helpImageFile(url: string): string {
  return path.join(helpImagesDir, url.slice(HELP_IMAGES_URL.length + 1));
}

/**
 * Replaces each `[[ui:key]]` with the label in `locale`, in bold. A key that is missing from
 * that language's catalogue, or that needs values, is an error: the manual would lie.
 */
export function resolveUiLabels(md: string, locale: Locale): string {
  const catalog = getCatalogs()[locale];
  return md.replace(UI_MARKER, (_, key: string) => {
    const label = catalog[key];
    if (label === undefined) throw new Error(`Manual label ${key} is not in the ${locale} catalogue`);
    if (/[{}]/.test(label)) throw new Error(`Manual label ${key} needs values; name a plain label`);
    return `**${label.replace(/([*_`[\]\\])/g, '\\$1')}**`;
  });
}

/** `[text](/help/…)`: links inside the site are written without a language and get the page's. */
const SITE_LINK = /\]\(\/(?!(?:en|es|fr|pt)\/|static\/|api\/|sdmx\/)/g;

/** The text of a manual file as stored: labels resolved, site links in the file's language. */
export function resolveManualText(md: string, locale: Locale): string {
  return resolveUiLabels(md, locale).replace(SITE_LINK, `](/${locale}/`);
}

/** The help pages a text links to (`/help/<slug>`, without the language). */
export function helpLinks(md: string): string[] {
  return [...md.matchAll(/\]\(\/help\/([a-z0-9-]+)(?:[#?][^)]*)?\)/g)].map((m) => m[1]!);
}

export interface ManualPageSource {
  manual: ManualName;
  slug: string;
  parentSlug: string | null;
  sortOrder: number;
  title: Record<Locale, string>;
  body: Record<Locale, string>;
}

/** One page per manual file name, with the four languages' titles and bodies resolved. */
export function manualPageSources(files = readManualFiles()): ManualPageSource[] {
  const bySlug = new Map<string, ManualPageSource>();
  for (const f of files) {
    let page = bySlug.get(f.slug);
    if (!page) {
      page = {
        manual: f.manual,
        slug: f.slug,
        parentSlug: f.order === 0 ? null : f.manual,
        // The three manuals come first in the help area, in the order of MANUALS.
        sortOrder: f.order === 0 ? MANUALS.indexOf(f.manual) + 1 : f.order * 10,
        title: {} as Record<Locale, string>,
        body: {} as Record<Locale, string>,
      };
      bySlug.set(f.slug, page);
    }
    page.title[f.locale] = f.title;
    page.body[f.locale] = resolveManualText(f.body, f.locale);
  }
  return [...bySlug.values()];
}

function localizedJson(value: Record<Locale, string>): string {
  const out: Record<string, string> = {};
  for (const l of LOCALES) if (value[l] !== undefined) out[l] = value[l];
  return JSON.stringify(out);
}

function contentHash(title: string, body: string): string {
  return sha256(`${title}\u0000${body}`);
}

export interface ManualSeedResult {
  created: string[];
  updated: string[];
  /** Pages the Secretariat changed in the app (or made by hand before): left as they are. */
  kept: string[];
}

/**
 * Copies the manuals into content pages: creates missing pages, updates pages whose file
 * changed, and keeps pages edited in the app since the last copy. Idempotent; each page is
 * written and re-indexed for search in one transaction.
 */
export async function seedManuals(
  db: Db,
  sources: ManualPageSource[] = manualPageSources(),
): Promise<ManualSeedResult> {
  const result: ManualSeedResult = { created: [], updated: [], kept: [] };
  const now = nowIso();
  // Manuals before their chapters, so a chapter never points at a page that is not there yet.
  const ordered = [...sources].sort((a, b) => Number(a.parentSlug !== null) - Number(b.parentSlug !== null));
  for (const source of ordered) {
    const title = localizedJson(source.title);
    const body = localizedJson(source.body);
    const hash = contentHash(title, body);
    try {
      await copyPage(db, source, title, body, hash, now, result);
    } catch (err) {
      // Several processes starting together on one PostgreSQL: another one copied it first.
      const exists = await db
        .selectFrom('manual_sources')
        .select('slug')
        .where('slug', '=', source.slug)
        .executeTakeFirst();
      if (!exists) throw err;
    }
  }
  return result;
}

async function copyPage(
  db: Db,
  source: ManualPageSource,
  title: string,
  body: string,
  hash: string,
  now: string,
  result: ManualSeedResult,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const page = await trx
      .selectFrom('content_pages')
      .selectAll()
      .where('slug', '=', source.slug)
      .executeTakeFirst();
    const record = await trx
      .selectFrom('manual_sources')
      .selectAll()
      .where('slug', '=', source.slug)
      .executeTakeFirst();
    let written: ContentPage | undefined;
    if (!page) {
      written = await trx
        .insertInto('content_pages')
        .values({
          slug: source.slug,
          section: 'help',
          parent_slug: source.parentSlug,
          title,
          body,
          orig_locale: 'en',
          sort_order: source.sortOrder,
          published: 1,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      result.created.push(source.slug);
    } else if (!record || contentHash(page.title, page.body) !== record.content_hash) {
      result.kept.push(source.slug);
      return;
    } else if (record.content_hash !== hash) {
      written = await trx
        .updateTable('content_pages')
        .set({ title, body, updated_at: now })
        .where('id', '=', page.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      result.updated.push(source.slug);
    } else {
      return;
    }
    if (record) {
      await trx
        .updateTable('manual_sources')
        .set({ content_hash: hash, updated_at: now })
        .where('slug', '=', source.slug)
        .execute();
    } else {
      await trx
        .insertInto('manual_sources')
        .values({ slug: source.slug, manual: source.manual, content_hash: hash, updated_at: now })
        .execute();
    }
    await indexPage(trx, written);
  });
}
