import type { ComponentChildren } from 'preact';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { StudyGroup } from './model.ts';

/**
 * Sections other features add to a study group's page (the meetings feature shows the group's
 * meetings here). A feature registers its section once, at module load; the group page loads
 * every section for the reader and renders those that return something, in `order`.
 */

/** The group as a section sees it, with what the reader is to it. */
export interface GroupForSection extends StudyGroup {
  /** The reader is an approved member (the moderator is one). */
  viewerIsMember: boolean;
  /** The reader moderates the group (or is the Secretariat, who may act as moderator). */
  viewerIsModerator: boolean;
}

export interface GroupSection<T = unknown> {
  /** A stable name, also the section's HTML id (e.g. `meetings`). */
  id: string;
  /** Position on the page: the group's own sections use 10 (members) … 50 (discussions). */
  order: number;
  /** The section's data for this reader, or null to leave the section out. */
  load(deps: AppDeps, actor: Actor | null, group: GroupForSection): Promise<T | null>;
  /**
   * The section's content, with its own `<h2>`. Rendered inside the page, so components may
   * call `useCtx()`.
   */
  render(data: T, group: GroupForSection): ComponentChildren;
}

const sections = new Map<string, GroupSection<unknown>>();

/** Adds (or replaces, by id) a section of the group page. */
export function registerGroupSection<T>(section: GroupSection<T>): void {
  sections.set(section.id, section as GroupSection<unknown>);
}

export function groupSections(): GroupSection<unknown>[] {
  return [...sections.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export interface LoadedSection {
  id: string;
  order: number;
  content: ComponentChildren;
}

/** Loads every registered section for this reader; a section that fails is left out and logged. */
export async function loadGroupSections(
  deps: AppDeps,
  actor: Actor | null,
  group: GroupForSection,
  log?: { error(obj: unknown, msg?: string): void },
): Promise<LoadedSection[]> {
  const out: LoadedSection[] = [];
  for (const s of groupSections()) {
    try {
      const data = await s.load(deps, actor, group);
      if (data !== null && data !== undefined)
        out.push({ id: s.id, order: s.order, content: s.render(data, group) });
    } catch (err) {
      log?.error({ err, section: s.id }, 'study group section failed');
    }
  }
  return out;
}
