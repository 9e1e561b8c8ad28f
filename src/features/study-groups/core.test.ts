import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFromUser, SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { ForbiddenError } from '../../platform/auth/policy.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers.ts';
import { createStudyGroup, groupMemberIds, isGroupMember, isGroupModerator } from './service.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe('createStudyGroup', () => {
  it('creates the group with its moderator as first member, audited and in the search index', async () => {
    const moderator = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    const other = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' });
    const id = await t.db.transaction().execute((trx) =>
      createStudyGroup(trx, SYSTEM_ACTOR, {
        title: { en: 'Youth employment' },
        description: 'How to measure **youth** employment.',
        origLocale: 'en',
        themeId: null,
        proposalId: null,
        moderatorId: moderator.id,
      }),
    );
    expect(await isGroupModerator(t.db, id, moderator.id)).toBe(true);
    expect(await isGroupModerator(t.db, id, other.id)).toBe(false);
    expect(await isGroupMember(t.db, id, moderator.id)).toBe(true);
    expect(await isGroupMember(t.db, id, other.id)).toBe(false);
    expect(await groupMemberIds(t.db, id)).toEqual([moderator.id]);
    const member = await t.db
      .selectFrom('study_group_members')
      .selectAll()
      .where('group_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      role: 'moderator',
      status: 'member',
      country_iso3: 'URY',
      institution_id: moderator.institution_id,
    });
    const logged = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'study_group')
      .where('object_id', '=', String(id))
      .execute();
    expect(logged.map((r) => r.action)).toEqual(['study_group.create']);
    const indexed = await t.db
      .selectFrom('search_entries')
      .select(['title', 'locale'])
      .where('type', '=', 'study_group')
      .where('ref_id', '=', String(id))
      .execute();
    expect(indexed).toEqual([{ title: 'Youth employment', locale: 'en' }]);
  });

  it('is refused to anyone but the Secretariat', async () => {
    const editor = await makeUser(t.db, { role: 'editor' });
    await expect(
      t.db.transaction().execute((trx) =>
        createStudyGroup(trx, actorFromUser(editor), {
          title: 'Mine',
          description: '',
          origLocale: 'en',
          themeId: null,
          proposalId: null,
          moderatorId: editor.id,
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      await t.db.selectFrom('study_groups').select('id').where('moderator_id', '=', editor.id).execute(),
    ).toEqual([]);
  });
});
