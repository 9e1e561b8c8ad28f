import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedMeetingsDemo } from './demo.ts';
import { makeGroup } from './test-support.ts';

describe('meetings demo', () => {
  let t: TestApp;
  let groupId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const moderator = await makeUser(t.db, { name: 'Lucía Pereira', timezone: 'America/Montevideo' });
    const member = await makeUser(t.db, { name: 'Camila Rojas', country_iso3: 'CHL' });
    groupId = await makeGroup(t.db, moderator.id, [member.id]);
    await seedMeetingsDemo(t.db);
  });
  afterAll(() => t.close());

  it('gives each demo group an upcoming meeting its members registered for, and a past one with minutes', async () => {
    const res = await t.app.inject({ url: `/es/meetings?group=${groupId}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Second session: comparing questionnaires');
    expect(res.body).toContain('Opening session of the group');
    const meetings = await t.db
      .selectFrom('meetings')
      .selectAll()
      .where('group_id', '=', groupId)
      .orderBy('starts_at')
      .execute();
    expect(meetings).toHaveLength(2);
    const [past, upcoming] = meetings;
    expect(Date.parse(upcoming!.starts_at)).toBeGreaterThan(Date.now());
    const regs = await t.db
      .selectFrom('meeting_registrations')
      .selectAll()
      .where('meeting_id', '=', upcoming!.id)
      .execute();
    expect(regs.map((r) => r.status)).toEqual(['registered']);
    const page = await t.app.inject({ url: `/es/meetings/${past!.id}` });
    expect(page.body).toContain('Agreed');
    expect(page.body).toContain('The group meets once a month');
    // Both are in the search, the past one with its minutes.
    const found = await t.app.inject({ url: '/api/v1/search?q=household+survey&type=meeting' });
    expect(found.json().results.map((r: { url: string }) => r.url)).toEqual([`/en/meetings/${past!.id}`]);
    const upcomingFound = await t.app.inject({ url: '/api/v1/search?q=comparing&type=meeting' });
    expect(upcomingFound.json().total).toBe(1);
  });
});
