import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { actorFromUser } from '../auth/actor.ts';
import {
  listAttachments,
  registerAttachmentOwner,
  removeAttachment,
  saveAttachments,
} from './attachments.ts';
import { fileStore } from './store.ts';

describe('attachments', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-att-'));
    t = await createTestApp({ FILES_DIR: dir });
    // An owner type whose even ids are readable by signed-in users only, odd ids by nobody.
    registerAttachmentOwner('test_owner', async (_db, actor, ownerId) => !!actor && ownerId % 2 === 0);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function attach(ownerId: number, text: string) {
    const user = await makeUser(t.db);
    const store = fileStore(t.config.filesDir);
    const staged = await store.stage(Readable.from([Buffer.from(text)]));
    const rows = await t.db.transaction().execute((trx) =>
      saveAttachments(trx, store, actorFromUser(user), 'test_owner', ownerId, [
        {
          staged,
          name: 'notes on "minimum wage".txt',
          kind: 'txt',
          contentType: 'text/plain; charset=utf-8',
        },
      ]),
    );
    return { user, row: rows[0]! };
  }

  it('serves a file as a download to those who may read its owner', async () => {
    const { user, row } = await attach(2, 'Minimum wage notes');
    const login = await loginAs(t, user);
    const res = await t.app.inject({ url: `/attachments/${row.id}`, headers: { cookie: login.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('Minimum wage notes');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="notes-on-minimum-wage.txt"/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 to those who may not read the owner, and for unknown owner types', async () => {
    const { row } = await attach(4, 'Members only');
    expect((await t.app.inject({ url: `/attachments/${row.id}` })).statusCode).toBe(404);
    const { user, row: hidden } = await attach(3, 'Hidden');
    const login = await loginAs(t, user);
    const res = await t.app.inject({ url: `/attachments/${hidden.id}`, headers: { cookie: login.cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Hidden');
    await t.db
      .updateTable('attachments')
      .set({ owner_type: 'nobody_registered' })
      .where('id', '=', row.id)
      .execute();
    const other = await t.app.inject({ url: `/attachments/${row.id}`, headers: { cookie: login.cookie } });
    expect(other.statusCode).toBe(404);
  });

  it('lists the current attachments of owners and forgets removed ones', async () => {
    const { user, row } = await attach(6, 'First');
    await attach(6, 'Second');
    expect((await listAttachments(t.db, 'test_owner', [6])).map((a) => a.size)).toEqual([5, 6]);
    await t.db.transaction().execute((trx) => removeAttachment(trx, 'test_owner', 6, row.id));
    expect((await listAttachments(t.db, 'test_owner', [6])).map((a) => a.size)).toEqual([6]);
    const login = await loginAs(t, user);
    const res = await t.app.inject({ url: `/attachments/${row.id}`, headers: { cookie: login.cookie } });
    expect(res.statusCode).toBe(404);
  });
});
