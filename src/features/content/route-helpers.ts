import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Action, assertCan } from '../../platform/auth/policy.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import type { Localized } from '../../platform/i18n/format.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import type { FormValues } from './views/shared.tsx';

/**
 * For the Secretariat's pages: anonymous visitors go to sign in (null is returned after the
 * redirect is sent); signed-in people without the right get a 403.
 */
export function requireManager(request: FastifyRequest, reply: FastifyReply, action: Action): Actor | null {
  if (!request.actor) {
    reply.redirect(loginRedirect(request), 303);
    return null;
  }
  assertCan(request.actor, action);
  return request.actor;
}

/** The string fields of a form, as typed, for re-showing the form. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string') out[k] = s;
  }
  return out;
}

/** `title_en`, `title_es`… → `{ en, es, … }`. */
export function localizedFrom(values: FormValues, name: string): Localized {
  const out: Localized = {};
  for (const l of LOCALES) out[l] = values[`${name}_${l}`] ?? '';
  return out;
}

/** An integer typed in a form; empty means 0; anything else NaN (the service reports it). */
export function formInt(value: string | undefined): number {
  const s = (value ?? '').trim();
  if (s === '') return 0;
  return /^-?\d{1,9}$/.test(s) ? Number(s) : Number.NaN;
}

/** The `?saved=…` flag after a redirect, limited to the notices the pages know. */
export function savedFlag(query: unknown): string | undefined {
  const v = (query as Record<string, unknown> | undefined)?.saved;
  return v === '1' || v === 'deleted' || v === 'restored' ? v : undefined;
}

export function pageParam(query: unknown): number {
  const v = (query as Record<string, unknown> | undefined)?.page;
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 1;
  return Math.max(1, n);
}
