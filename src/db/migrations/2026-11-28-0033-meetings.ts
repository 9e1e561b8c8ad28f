import type { Kysely } from 'kysely';
import { idColumn, idType } from '../dialect.ts';

/**
 * Distance meetings of study groups: the meeting (UTC start + host time zone), registrations
 * with a waiting list, attendance, the live room's conversation and presence, and each user's
 * private calendar-feed token.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const pk = idColumn(db);

  await db.schema
    .createTable('meetings')
    .addColumn('id', id, pk)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('study_groups.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('host_tz', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('video_room', 'text', (c) => c.notNull().unique())
    .addColumn('embed_video', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('minutes_locale', 'text')
    .addColumn('minutes_published_at', 'text')
    .addColumn('minutes_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('meetings_group').on('meetings').columns(['group_id', 'starts_at']).execute();
  await db.schema.createIndex('meetings_start').on('meetings').columns(['starts_at']).execute();

  await db.schema
    .createTable('meeting_registrations')
    .addColumn('id', id, pk)
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meeting_registrations_once', ['meeting_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('meeting_registrations_queue')
    .on('meeting_registrations')
    .columns(['meeting_id', 'status', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('meeting_registrations_user')
    .on('meeting_registrations')
    .columns(['user_id', 'status'])
    .execute();

  await db.schema
    .createTable('meeting_attendance')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_attendance_pk', ['meeting_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('meeting_messages')
    .addColumn('id', id, pk)
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('meeting_messages_meeting')
    .on('meeting_messages')
    .columns(['meeting_id', 'id'])
    .execute();

  // One row per open event stream (a tab); rows of a process that died go stale and are ignored.
  await db.schema
    .createTable('meeting_presence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('process', 'text', (c) => c.notNull())
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_presence_meeting')
    .on('meeting_presence')
    .columns(['meeting_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('meeting_presence_process')
    .on('meeting_presence')
    .columns(['process'])
    .execute();

  await db.schema
    .createTable('calendar_tokens')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'calendar_tokens',
    'meeting_presence',
    'meeting_messages',
    'meeting_attendance',
    'meeting_registrations',
    'meetings',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
