import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { can, isSecretariat } from '../../../platform/auth/policy.ts';

/**
 * Who sees which observations. The rule, in one place:
 * - everyone sees published observations (published = 1) that are not deleted;
 * - the Secretariat also sees every unpublished one;
 * - a country's coordinators and editors also see their own country's unpublished ones.
 */
export type ReadScope = { kind: 'public' } | { kind: 'country'; iso3: string } | { kind: 'all' };

export function readScope(actor: Actor | null): ReadScope {
  if (isSecretariat(actor)) return { kind: 'all' };
  if (actor?.countryIso3 && can(actor, 'observation.readUnpublished', { countryIso3: actor.countryIso3 })) {
    return { kind: 'country', iso3: actor.countryIso3 };
  }
  return { kind: 'public' };
}

/** A short text naming the scope, for cache keys and ETags. */
export function scopeKey(scope: ReadScope): string {
  return scope.kind === 'country' ? `country:${scope.iso3}` : scope.kind;
}

/** The WHERE condition of the scope, on `stat_observations`. */
export function visibleTo(scope: ReadScope) {
  return (eb: ExpressionBuilder<Database, 'stat_observations'>) => {
    const live = eb('stat_observations.deleted_at', 'is', null);
    if (scope.kind === 'all') return live;
    if (scope.kind === 'country') {
      return eb.and([
        live,
        eb.or([
          eb('stat_observations.published', '=', 1),
          eb('stat_observations.country_iso3', '=', scope.iso3),
        ]),
      ]);
    }
    return eb.and([live, eb('stat_observations.published', '=', 1)]);
  };
}
