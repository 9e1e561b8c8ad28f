import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan } from '../../platform/auth/policy.ts';
import { FieldErrors, NotFoundError } from '../../platform/http/errors.ts';
import { type AuditFilters, adminRepository, OUTBOX_STATUSES, type OutboxStatus } from './repository.ts';

export const AUDIT_PAGE_SIZE = 50;
export const OUTBOX_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Filters as typed in the form or the query string. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  objectType?: string;
  country?: string;
  from?: string;
  to?: string;
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Checks the filters; dates are whole UTC days, "to" included. */
export function auditFilters(q: AuditQuery): AuditFilters {
  const errors = new FieldErrors();
  const f: AuditFilters = {};
  const trim = (s: string | undefined) => s?.trim() || undefined;
  f.actor = trim(q.actor)?.slice(0, 200);
  f.action = trim(q.action)?.slice(0, 100);
  f.objectType = trim(q.objectType)?.slice(0, 100);
  const country = trim(q.country)?.toUpperCase();
  if (country && !/^[A-Z]{3}$/.test(country)) errors.add('country', 'admin.audit.error.country');
  else f.country = country;
  const from = trim(q.from);
  const to = trim(q.to);
  if (from && !validDate(from)) errors.add('from', 'admin.audit.error.date');
  if (to && !validDate(to)) errors.add('to', 'admin.audit.error.date');
  if (from && to && validDate(from) && validDate(to) && from > to)
    errors.add('to', 'admin.audit.error.range');
  errors.throwIfAny();
  if (from) f.fromIso = `${from}T00:00:00.000Z`;
  if (to) {
    const next = new Date(`${to}T00:00:00.000Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    f.toIso = next.toISOString();
  }
  return f;
}

export function pageNumber(raw: unknown): number {
  const n = typeof raw === 'number' ? raw : Number.parseInt(String(raw ?? '1'), 10);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** The audit trail, newest first. For the Secretariat and the administrator. */
export async function browseAudit(
  deps: AppDeps,
  actor: Actor | null,
  query: AuditQuery,
  page: number,
  perPage = AUDIT_PAGE_SIZE,
) {
  assertCan(actor, 'audit.read');
  const filters = auditFilters(query);
  const repo = adminRepository(deps.db);
  const { rows, total } = await repo.listAudit(filters, page, perPage);
  return { rows, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)) };
}

export async function auditFilterChoices(deps: AppDeps, actor: Actor | null) {
  assertCan(actor, 'audit.read');
  const repo = adminRepository(deps.db);
  const [actions, objectTypes] = await Promise.all([repo.auditActions(), repo.auditObjectTypes()]);
  return { actions, objectTypes };
}

export function isOutboxStatus(s: unknown): s is OutboxStatus {
  return typeof s === 'string' && (OUTBOX_STATUSES as string[]).includes(s);
}

export async function browseOutbox(
  deps: AppDeps,
  actor: Actor | null,
  status: OutboxStatus | undefined,
  page: number,
  perPage = OUTBOX_PAGE_SIZE,
) {
  assertCan(actor, 'outbox.read');
  const { rows, total } = await adminRepository(deps.db).listOutbox(status, page, perPage);
  return { rows, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)) };
}

export async function outboxMessage(deps: AppDeps, actor: Actor | null, id: number) {
  assertCan(actor, 'outbox.read');
  const msg = await adminRepository(deps.db).findOutbox(id);
  if (!msg) throw new NotFoundError();
  return msg;
}
