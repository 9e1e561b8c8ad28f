import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/policy.ts';

/** An entry on the administration home page. */
export interface AdminLink {
  /** Unique id; registering the same id again replaces the entry. */
  id: string;
  /** Message keys of the link text and of the line that explains it. */
  label: string;
  description: string;
  /** Path without the locale. */
  href: string;
  order: number;
  visible: (actor: Actor) => boolean;
}

const links = new Map<string, AdminLink>();

/** Other features add what the Secretariat or the administrator manage there (themes, pages …). */
export function registerAdminLink(link: AdminLink): void {
  links.set(link.id, link);
}

registerAdminLink({
  id: 'audit',
  label: 'admin.audit.title',
  description: 'admin.home.auditDescription',
  href: '/admin/audit',
  order: 10,
  visible: (a) => can(a, 'audit.read'),
});
registerAdminLink({
  id: 'outbox',
  label: 'admin.outbox.title',
  description: 'admin.home.outboxDescription',
  href: '/admin/outbox',
  order: 20,
  visible: (a) => can(a, 'outbox.read'),
});
registerAdminLink({
  id: 'countries',
  label: 'admin.home.countries',
  description: 'admin.home.countriesDescription',
  href: '/countries',
  order: 30,
  visible: (a) => can(a, 'coordinator.designate'),
});

export function adminLinksFor(actor: Actor): AdminLink[] {
  return [...links.values()]
    .filter((l) => l.visible(actor))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Who sees the administration section at all. */
export function canSeeAdmin(actor: Actor | null): boolean {
  return can(actor, 'audit.read') || can(actor, 'outbox.read');
}
