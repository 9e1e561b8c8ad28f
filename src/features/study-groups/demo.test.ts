import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../db/demo.ts';
import { nowIso } from '../../db/dialect.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedStudyGroupsDemo } from './demo.ts';

describe('study groups demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (const acc of DEMO_ACCOUNTS)
      await makeUser(t.db, {
        email: acc.email,
        name: acc.name,
        role: acc.role,
        country_iso3: acc.country ?? null,
      });
    const now = nowIso();
    await t.db
      .insertInto('documents')
      .values({
        title: JSON.stringify({ en: 'Youth employment review' }),
        doc_type: 'report',
        section: 'studies',
        country_iso3: 'URY',
        institution_id: null,
        publication_date: null,
        external_url: null,
        access: 'public',
        status: 'published',
        published_at: now,
        created_by: null,
        updated_by: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
        deleted_by: null,
      })
      .execute();
    await seedStudyGroupsDemo(t.db);
    await seedStudyGroupsDemo(t.db);
  });
  afterAll(() => t.close());

  it('has an accepted proposal with its group, one under evaluation with supports, and one waiting', async () => {
    const rows = await t.db
      .selectFrom('proposals')
      .select(['status', 'support_count', 'group_id'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { status: 'accepted', support_count: 2, group_id: expect.any(Number) },
      { status: 'under_evaluation', support_count: 3, group_id: null },
      { status: 'submitted', support_count: 1, group_id: null },
    ]);
    const list = await t.app.inject({ url: '/pt/proposals' });
    expect(list.body).toContain('Estresse térmico no trabalho ao ar livre');
    expect(list.body).toContain('Em avaliação');
  });

  it('has a study group of Uruguay, Chile and Mexico with a discussion and a shared document', async () => {
    const group = await t.db.selectFrom('study_groups').selectAll().executeTakeFirstOrThrow();
    const members = await t.db
      .selectFrom('study_group_members')
      .select('country_iso3')
      .where('group_id', '=', group.id)
      .where('status', '=', 'member')
      .execute();
    expect(members.map((m) => m.country_iso3).sort()).toEqual(['CHL', 'MEX', 'URY']);
    const posts = await t.db
      .selectFrom('study_group_posts')
      .innerJoin('study_group_threads', 'study_group_threads.id', 'study_group_posts.thread_id')
      .select('study_group_posts.id')
      .where('study_group_threads.group_id', '=', group.id)
      .execute();
    expect(posts).toHaveLength(3);
    const page = await t.app.inject({ url: `/es/study-groups/${group.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Medir las transiciones de los jóvenes de la escuela al trabajo');
    expect(page.body).toContain('Países miembros (3)');
    expect(page.body).toContain('Youth employment review');
  });
});
