import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isLocale } from '../../platform/i18n/locales.ts';

/**
 * Discussion messages. A comment on a proposal and a post in a study group's thread are the same
 * kind of thing — a Markdown text in one language by one person, removed softly — kept in two
 * tables that differ only in what the message belongs to. Counting them on their parent, the
 * audit record and notifications stay with each feature.
 */
export type MessageTable = 'proposal_comments' | 'study_group_posts';

export type MessageParent =
  | { table: 'proposal_comments'; proposal_id: number }
  | { table: 'study_group_posts'; thread_id: number };

/** The language a message is stored in: the one it says it is written in, else the author's. */
export function messageLocale(actor: Actor, locale: string): string {
  return isLocale(locale) ? locale : actor.locale;
}

/** Adds a message (already checked) in the caller's transaction; returns its id. */
export async function insertMessage(
  trx: Kysely<Database>,
  parent: MessageParent,
  actor: Actor,
  message: { body: string; locale: string },
  now: string,
): Promise<number> {
  const values = {
    user_id: actor.id,
    body: message.body,
    locale: message.locale,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    deleted_by: null,
  };
  const row =
    parent.table === 'proposal_comments'
      ? await trx
          .insertInto('proposal_comments')
          .values({ proposal_id: parent.proposal_id, ...values })
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('study_group_posts')
          .values({ thread_id: parent.thread_id, ...values })
          .returning('id')
          .executeTakeFirstOrThrow();
  return row.id;
}

/** Removes a message softly (who and when), in the caller's transaction. */
export async function removeMessage(
  trx: Kysely<Database>,
  table: MessageTable,
  id: number,
  actor: Actor,
  now: string,
): Promise<void> {
  await trx.updateTable(table).set({ deleted_at: now, deleted_by: actor.id }).where('id', '=', id).execute();
}

/** A message as the JSON API gives it (a proposal's comments, a thread's posts). */
export function messageJson(m: {
  id: number;
  body: string;
  locale: string;
  user_name: string;
  user_country: string | null;
  created_at: string;
}) {
  return {
    id: m.id,
    body: m.body,
    locale: m.locale,
    author: m.user_name,
    country: m.user_country,
    createdAt: m.created_at,
  };
}
