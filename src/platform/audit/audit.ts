import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../auth/actor.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  countryIso3?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

/**
 * Records a change. Call it with the transaction that makes the change, so the change and its
 * record commit or roll back together.
 */
export async function audit(trx: Kysely<Database>, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_id: actor && actor.id > 0 ? actor.id : null,
      actor_label: actor ? `${actor.name} <${actor.email}>` : null,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId == null ? null : String(entry.objectId),
      country_iso3: entry.countryIso3 ?? null,
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

const SECRET_FIELDS = new Set(['password_hash', 'totp_secret', 'token_hash', 'code_hash', 'csrf']);

function redact(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_FIELDS.has(k) ? (v == null ? v : '[redacted]') : v;
  return out;
}
