import type { VNode } from 'preact';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import type { CountryRow } from './repository.ts';

export interface CountrySectionArgs {
  deps: AppDeps;
  country: CountryRow;
  actor: Actor | null;
  locale: Locale;
}

/**
 * A section of the country page contributed by another feature (latest statistics, documents,
 * cooperation offers …). `load` runs before the page renders and returns the section's markup
 * (typically a `<section>` with an `<h2>`), or null to show nothing. It renders inside the page
 * context, so components may call `useCtx()`. What it shows must not depend on the actor unless
 * the page is signed-in only, because anonymous country pages are cached.
 */
export interface CountrySection {
  /** Unique id; registering the same id again replaces the earlier section. */
  id: string;
  /** Position on the page: lower first. The page's own parts sit at 0 (about) and 100 (coordinators). */
  order: number;
  load(args: CountrySectionArgs): Promise<VNode | null>;
}

const sections = new Map<string, CountrySection>();

/** Adds (or replaces) a section of the country page. Call it when your feature registers. */
export function registerCountrySection(section: CountrySection): void {
  sections.set(section.id, section);
}

export function countrySections(): CountrySection[] {
  return [...sections.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Loads every registered section for one country, in page order. */
export async function loadCountrySections(
  args: CountrySectionArgs,
): Promise<{ id: string; order: number; node: VNode }[]> {
  const list = countrySections();
  const nodes = await Promise.all(list.map((s) => s.load(args)));
  return list.flatMap((s, i) => (nodes[i] ? [{ id: s.id, order: s.order, node: nodes[i]! }] : []));
}
