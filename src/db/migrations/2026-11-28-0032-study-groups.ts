import { type Kysely, sql } from 'kysely';
import { idColumn, idType } from '../dialect.ts';

/**
 * Theme proposals and the study groups they lead to. A proposal gathers at most one support per
 * country (a partial unique index over the supports not withdrawn); each official answer of the
 * Secretariat is kept in `proposal_decisions`, the latest one also on the proposal. Accepting a
 * proposal creates a study group; members join on request and the moderator decides.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const pk = idColumn(db);

  await db.schema
    .createTable('proposals')
    .addColumn('id', id, pk)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('theme_id', 'integer', (c) => c.references('themes.id'))
    .addColumn('country_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
    .addColumn('decision_reasons', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('decision_locale', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('group_id', 'integer')
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('proposals_listing')
    .on('proposals')
    .columns(['deleted_at', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('proposals_theme')
    .on('proposals')
    .columns(['theme_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('proposal_supports')
    .addColumn('id', id, pk)
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema
    .createIndex('proposal_supports_one_per_country')
    .on('proposal_supports')
    .columns(['proposal_id', 'country_iso3'])
    .unique()
    .where(sql.ref('withdrawn_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('proposal_comments')
    .addColumn('id', id, pk)
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('proposal_comments_proposal')
    .on('proposal_comments')
    .columns(['proposal_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('proposal_decisions')
    .addColumn('id', id, pk)
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('decided_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proposal_decisions_proposal')
    .on('proposal_decisions')
    .columns(['proposal_id', 'decided_at'])
    .execute();

  await db.schema
    .createTable('study_groups')
    .addColumn('id', id, pk)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('theme_id', 'integer', (c) => c.references('themes.id'))
    .addColumn('proposal_id', 'integer', (c) => c.references('proposals.id'))
    .addColumn('moderator_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('study_groups_listing')
    .on('study_groups')
    .columns(['deleted_at', 'status', 'created_at'])
    .execute();

  await db.schema
    .createTable('study_group_members')
    .addColumn('id', id, pk)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('study_groups.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('country_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('requested'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('study_group_members_group')
    .on('study_group_members')
    .columns(['group_id', 'status'])
    .execute();
  await db.schema
    .createIndex('study_group_members_user')
    .on('study_group_members')
    .columns(['user_id', 'status'])
    .execute();

  await db.schema
    .createTable('study_group_threads')
    .addColumn('id', id, pk)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('study_groups.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_post_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('study_group_threads_group')
    .on('study_group_threads')
    .columns(['group_id', 'last_post_at'])
    .execute();

  await db.schema
    .createTable('study_group_posts')
    .addColumn('id', id, pk)
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('study_group_threads.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('study_group_posts_thread')
    .on('study_group_posts')
    .columns(['thread_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('study_group_documents')
    .addColumn('id', id, pk)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('study_groups.id'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('added_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('is_output', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('output_marked_by', 'integer', (c) => c.references('users.id'))
    .addColumn('output_marked_at', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('study_group_documents_once')
    .on('study_group_documents')
    .columns(['group_id', 'document_id'])
    .unique()
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'study_group_documents',
    'study_group_posts',
    'study_group_threads',
    'study_group_members',
    'study_groups',
    'proposal_decisions',
    'proposal_comments',
    'proposal_supports',
    'proposals',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
