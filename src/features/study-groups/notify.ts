import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { pick } from '../../platform/i18n/format.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { countryName } from '../../platform/i18n/format.ts';
import { notify, registerNotificationKind } from '../notifications/service.ts';
import type { StudyGroup } from './model.ts';

/** What the study groups tell people, and whom. */

registerNotificationKind({
  kind: 'group.join_requested',
  titleKey: 'studyGroups.notify.joinRequested',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'group.join_decided',
  titleKey: 'studyGroups.notify.joinDecided',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'group.thread_post',
  titleKey: 'studyGroups.notify.threadPost',
  defaultFrequency: 'daily',
});

function groupTitle(group: StudyGroup): string {
  return pick(group.title, isLocale(group.orig_locale) ? group.orig_locale : 'en', group.orig_locale).text;
}

async function themeCodes(trx: Kysely<Database>, group: StudyGroup): Promise<string[]> {
  if (!group.theme_id) return [];
  const row = await trx
    .selectFrom('themes')
    .select('code')
    .where('id', '=', group.theme_id)
    .executeTakeFirst();
  return row ? [row.code] : [];
}

export async function notifyJoinRequested(
  trx: Kysely<Database>,
  actor: Actor,
  group: StudyGroup,
): Promise<void> {
  await notify(trx, actor, {
    kind: 'group.join_requested',
    userIds: [group.moderator_id],
    params: {
      name: actor.name,
      country: actor.countryIso3 ? countryName(actor.countryIso3, 'en') : '',
      group: groupTitle(group),
    },
    url: `/study-groups/${group.id}/members`,
    countryIso3: actor.countryIso3,
    themeCodes: await themeCodes(trx, group),
  });
}

export async function notifyJoinDecided(
  trx: Kysely<Database>,
  actor: Actor,
  group: StudyGroup,
  userId: number,
  approved: boolean,
): Promise<void> {
  await notify(trx, actor, {
    kind: 'group.join_decided',
    userIds: [userId],
    params: { group: groupTitle(group), decision: approved ? 'approved' : 'declined' },
    url: `/study-groups/${group.id}`,
    themeCodes: await themeCodes(trx, group),
  });
}

export async function notifyThreadPost(
  trx: Kysely<Database>,
  actor: Actor,
  group: StudyGroup,
  threadId: number,
  threadTitle: string,
): Promise<void> {
  const members = await trx
    .selectFrom('study_group_members')
    .select('user_id')
    .where('group_id', '=', group.id)
    .where('status', '=', 'member')
    .execute();
  await notify(trx, actor, {
    kind: 'group.thread_post',
    userIds: members.map((m) => m.user_id),
    params: { name: actor.name, thread: threadTitle, group: groupTitle(group) },
    url: `/study-groups/${group.id}/threads/${threadId}`,
    countryIso3: actor.countryIso3,
    themeCodes: await themeCodes(trx, group),
  });
}
