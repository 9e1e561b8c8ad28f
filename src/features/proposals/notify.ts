import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { pick } from '../../platform/i18n/format.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { notify, registerNotificationKind, secretariatUsers } from '../notifications/service.ts';
import type { Proposal } from './model.ts';

/** What proposals tell people, and whom. */

registerNotificationKind({
  kind: 'proposal.new',
  titleKey: 'proposals.notify.new',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'proposal.decided',
  titleKey: 'proposals.notify.decided',
  defaultFrequency: 'immediate',
});

function titleOf(p: Proposal): string {
  return pick(p.title, isLocale(p.orig_locale) ? p.orig_locale : 'en', p.orig_locale).text;
}

async function themeCodes(trx: Kysely<Database>, p: Proposal): Promise<string[]> {
  if (!p.theme_id) return [];
  const row = await trx.selectFrom('themes').select('code').where('id', '=', p.theme_id).executeTakeFirst();
  return row ? [row.code] : [];
}

/** A new proposal: the Secretariat is told, as it gives the official answer. */
export async function notifyNewProposal(trx: Kysely<Database>, actor: Actor, p: Proposal): Promise<void> {
  await notify(trx, actor, {
    kind: 'proposal.new',
    userIds: await secretariatUsers(trx),
    params: { title: titleOf(p), name: actor.name },
    url: `/proposals/${p.id}`,
    countryIso3: p.country_iso3,
    themeCodes: await themeCodes(trx, p),
  });
}

/** An official answer: the proposer and the people who gave their country's support are told. */
export async function notifyDecided(
  trx: Kysely<Database>,
  actor: Actor,
  p: Proposal,
  decision: string,
): Promise<void> {
  const supporters = await trx
    .selectFrom('proposal_supports')
    .select('user_id')
    .where('proposal_id', '=', p.id)
    .where('withdrawn_at', 'is', null)
    .execute();
  await notify(trx, actor, {
    kind: 'proposal.decided',
    userIds: [p.created_by, ...supporters.map((s) => s.user_id)],
    params: { title: titleOf(p), decision },
    url: `/proposals/${p.id}`,
    countryIso3: p.country_iso3,
    themeCodes: await themeCodes(trx, p),
  });
}
