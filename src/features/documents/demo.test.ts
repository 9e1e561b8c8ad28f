import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedContentDemo } from '../content/demo.ts';
import { seedDocumentsDemo } from './demo.ts';
import { SECTIONS } from './model.ts';

describe('documents demo', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-demo-'));
    t = await createTestApp({ FILES_DIR: dir });
    await seedContentDemo(t.db);
    await seedDocumentsDemo(t.db, dir);
    await t.app.deps.jobs.runDue();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fills every section, with files whose text is read', async () => {
    for (const s of SECTIONS) {
      const res = await t.app.inject({ url: `/en/documents/sections/${s}` });
      expect(res.statusCode).toBe(200);
      expect(res.body, s).not.toContain('No documents match.');
    }
    const files = await t.db.selectFrom('document_files').select('extraction_status').execute();
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(files.every((f) => f.extraction_status === 'done')).toBe(true);
  });

  it('lists only public demo documents in the feed', async () => {
    const feed = await t.app.inject({ url: '/en/documents/feed.xml' });
    expect(feed.body).toContain('Getting started with SISMEL');
    expect(feed.body).not.toContain('Cooperation requests received in 2025');
  });

  it('adds a chapter on publishing documents to the help manual', async () => {
    const page = await t.app.inject({ url: '/es/documents' });
    expect(page.body).toContain('href="/es/help/user-manual-documents"');
    const help = await t.app.inject({ url: '/es/help/publishing-documents' });
    expect(help.statusCode).toBe(200);
    expect(help.body).toContain('Publicar documentos');
  });
});
