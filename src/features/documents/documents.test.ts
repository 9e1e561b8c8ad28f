import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookiesFrom,
  createTestApp,
  csrfFrom,
  form,
  loginAs,
  type Login,
  type TestApp,
} from '../../../test/helpers.ts';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import type { User } from '../../db/schema.ts';
import {
  corruptPdf,
  docxZipBomb,
  encryptedPdf,
  pdfWithText,
  windowsExecutable,
} from '../../platform/files/fixtures.ts';
import { fileStore } from '../../platform/files/index.ts';
import { enqueue } from '../../platform/jobs/queue.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/data/corpus');

interface Part {
  name: string;
  data: Buffer;
  field?: string;
}

/** A multipart/form-data body, as a browser or an API client sends it. */
function multipart(fields: Record<string, string | string[]>, files: Part[] = []) {
  const boundary = `----sismel${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`),
      );
    }
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const META = {
  orig_locale: 'es',
  doc_type: 'report',
  section: 'labour-legislation',
  access: 'public',
  status: 'published',
};

describe('document library', () => {
  let t: TestApp;
  let filesDir: string;
  let mexEditor: User;
  let uryEditor: User;
  let chlEditor: User;
  let reader: User;
  let secretariat: User;
  const as: Record<string, Login> = {};

  beforeAll(async () => {
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-docs-'));
    t = await createTestApp({ FILES_DIR: filesDir });
    mexEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'MEX' });
    uryEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    chlEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' });
    reader = await makeUser(t.db, { role: 'reader' });
    secretariat = await makeUser(t.db, { role: 'secretariat' });
    for (const [k, u] of Object.entries({ mexEditor, uryEditor, chlEditor, reader, secretariat }))
      as[k] = await loginAs(t, u);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  /** Creates a document through the API as `who`; returns the JSON answer. */
  async function apiCreate(who: string, fields: Record<string, string | string[]>, files: Part[]) {
    const body = multipart(fields, files);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...as[who]!.headers, ...body.headers },
      payload: body.payload,
    });
    return res;
  }

  it('lets an editor upload the Mexican Federal Labour Law and reads its text in the background', async () => {
    const page = await t.app.inject({ url: '/es/documents/new', headers: { cookie: as.mexEditor!.cookie } });
    expect(page.statusCode).toBe(200);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/
      .exec(page.body)?.[1]
      ?.replace(/&amp;/g, '&');
    expect(action).toContain('_csrf=');
    const pdf = fs.readFileSync(path.join(CORPUS, 'es/ley-federal-del-trabajo.pdf'));
    const body = multipart(
      {
        ...META,
        _csrf: as.mexEditor!.csrf,
        title_es: 'Ley Federal del Trabajo',
        themes_present: '1',
        themes: 'labour-legislation',
      },
      [{ name: 'ley-federal-del-trabajo.pdf', data: pdf }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: action!,
      headers: { cookie: as.mexEditor!.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(303);
    const id = Number(/\/es\/documents\/(\d+)\?created=1$/.exec(res.headers.location as string)?.[1]);
    expect(id).toBeGreaterThan(0);

    const before = await t.app.inject({
      url: `/es/documents/${id}`,
      headers: { cookie: as.mexEditor!.cookie },
    });
    expect(before.body).toContain('Lectura del texto en espera');

    await t.app.deps.jobs.runDue();
    const file = await t.db
      .selectFrom('document_files')
      .selectAll()
      .where('document_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(file.extraction_status).toBe('done');
    expect(file.extracted_text).toContain('LEY FEDERAL DEL TRABAJO');
    expect(file.sha256).toBe('c336a7f57c7e01cf2d5547855894a1888f97dd5553cf77e43acf0e7fdc638f78');

    const after = await t.app.inject({
      url: `/es/documents/${id}`,
      headers: { cookie: as.mexEditor!.cookie },
    });
    expect(after.body).toContain('Texto leído');
    const entries = await t.db
      .selectFrom('search_entries')
      .select(['locale', 'visibility'])
      .where('type', '=', 'document')
      .where('ref_id', '=', String(id))
      .execute();
    expect(entries).toEqual([{ locale: 'es', visibility: 'public' }]);
  }, 300_000);

  it('gives each hostile file a clear failed status, and the next job still works', async () => {
    const res = await apiCreate('uryEditor', { ...META, title_es: 'Archivos dudosos' }, [
      { name: 'dañado.pdf', data: corruptPdf() },
      { name: 'protegido.pdf', data: encryptedPdf() },
      { name: 'bomba.docx', data: docxZipBomb(64) },
      { name: 'cuadro.xlsx', data: pdfWithText('not a spreadsheet') },
      { name: 'bueno.pdf', data: pdfWithText('Servicios de empleo') },
    ]);
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    // An empty file is refused at upload, but one already stored still gets a clear status.
    const empty = await fileStore(filesDir).put(Buffer.alloc(0));
    await t.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('document_files')
        .values({
          document_id: doc.id,
          version: 1,
          original_name: 'vacío.txt',
          kind: 'txt',
          content_type: 'text/plain',
          size_bytes: 0,
          sha256: empty.sha256,
          extraction_error: null,
          extracted_text: null,
          extracted_at: null,
          uploaded_by: uryEditor.id,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueue(trx, 'documents.extract', { fileId: row.id });
    });
    await t.app.deps.jobs.runDue();

    const got = await t.app.inject({
      url: `/api/v1/documents/${doc.id}`,
      headers: { ...as.uryEditor!.headers, 'accept-language': 'en' },
    });
    const byName = Object.fromEntries(
      got.json().files.map((f: { name: string; extraction: unknown }) => [f.name, f.extraction]),
    );
    expect(byName['dañado.pdf']).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('damaged'),
    });
    expect(byName['protegido.pdf']).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('password'),
    });
    expect(byName['bomba.docx']).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('unreasonable size'),
    });
    expect(byName['cuadro.xlsx']).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('does not match'),
    });
    expect(byName['vacío.txt']).toMatchObject({ status: 'failed', error: expect.stringContaining('empty') });
    expect(byName['bueno.pdf']).toMatchObject({ status: 'done' });
    const jobs = await t.db
      .selectFrom('jobs')
      .select(['status'])
      .where('kind', '=', 'documents.extract')
      .execute();
    expect(jobs.filter((j) => j.status === 'failed')).toHaveLength(5);

    const page = await t.app.inject({
      url: `/en/documents/${doc.id}`,
      headers: { cookie: as.uryEditor!.cookie },
    });
    expect(page.body).toContain('Text not read: the PDF is protected by a password');

    // The server is still up and serves the next upload.
    const next = await apiCreate('uryEditor', { ...META, title_es: 'Siguiente' }, [
      { name: 'nota.txt', data: Buffer.from('Bolsa de trabajo') },
    ]);
    expect(next.statusCode).toBe(201);
    await t.app.deps.jobs.runDue();
    const ok = await t.db
      .selectFrom('document_files')
      .select('extraction_status')
      .where('document_id', '=', next.json().id)
      .executeTakeFirstOrThrow();
    expect(ok.extraction_status).toBe('done');
  }, 60_000);

  it('refuses an .exe renamed .pdf, with a clear message next to the file field', async () => {
    const body = multipart({ ...META, _csrf: as.uryEditor!.csrf, title_es: 'Instalador' }, [
      { name: 'informe.pdf', data: windowsExecutable() },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/en/documents/new?_csrf=${as.uryEditor!.csrf}`,
      headers: { cookie: as.uryEditor!.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="error-summary"');
    const field =
      /<div class="field field--error"><label for="f-files">[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? '';
    expect(field).toContain('“informe.pdf” is not a PDF, Word, Excel, PowerPoint, ODT, text or HTML file');
    // The title typed so far is kept.
    expect(res.body).toContain('value="Instalador"');
    const count = await t.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('title', 'like', '%Instalador%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses an empty file at upload', async () => {
    const res = await apiCreate('uryEditor', { ...META, title_es: 'Vacío' }, [
      { name: 'vacio.txt', data: Buffer.alloc(0) },
    ]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'files', message: expect.stringContaining('empty') }]);
  });

  it('answers 403 to an editor who forges an upload for another country', async () => {
    const api = await apiCreate('uryEditor', { ...META, title_es: 'Falso', country_iso3: 'CHL' }, [
      { name: 'a.txt', data: Buffer.from('x') },
    ]);
    expect(api.statusCode).toBe(403);
    const chlInstitution = await makeInstitution(t.db, { country_iso3: 'CHL' });
    const other = await apiCreate(
      'uryEditor',
      { ...META, title_es: 'Falso', institution_id: String(chlInstitution.id) },
      [{ name: 'a.txt', data: Buffer.from('x') }],
    );
    expect(other.statusCode).toBeGreaterThanOrEqual(403);
    const body = multipart({ ...META, _csrf: as.uryEditor!.csrf, title_es: 'Falso', country_iso3: 'CHL' }, [
      { name: 'a.txt', data: Buffer.from('x') },
    ]);
    const page = await t.app.inject({
      method: 'POST',
      url: `/en/documents/new?_csrf=${as.uryEditor!.csrf}`,
      headers: { cookie: as.uryEditor!.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(page.statusCode).toBe(403);
    const n = await t.db.selectFrom('documents').select('id').where('title', 'like', '%Falso%').execute();
    expect(n).toEqual([]);
    // …and may not change another country's document either.
    const chl = await apiCreate('chlEditor', { ...META, title_es: 'Chileno' }, [
      { name: 'a.txt', data: Buffer.from('x') },
    ]);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/documents/${chl.json().id}`,
      headers: as.uryEditor!.headers,
      payload: { title: { es: 'Cambiado' } },
    });
    expect(patch.statusCode).toBe(403);
  });

  it('asks a visitor whose session expired to sign in, and keeps nothing they posted', async () => {
    const chl = await apiCreate('chlEditor', { ...META, title_es: 'Sesión' }, [
      { name: 'a.txt', data: Buffer.from('x') },
    ]);
    const id = chl.json().id as number;
    // A visitor's form still carries a valid token (from any page with a form).
    const login = await t.app.inject({ url: '/en/login' });
    const cookie = cookiesFrom(login);
    const csrf = csrfFrom(login.body);
    const upload = multipart({ ...META, title_es: 'Caducada' }, [{ name: 'a.txt', data: Buffer.from('x') }]);
    const edit = form({ ...META, title_es: 'Caducada' });
    const posts = [
      { url: '/en/documents/new', body: upload },
      { url: `/en/documents/${id}/files`, body: upload },
      { url: `/en/documents/${id}/edit`, body: edit },
      { url: `/en/documents/${id}/delete`, body: form({}) },
    ];
    for (const { url, body } of posts) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${url}?_csrf=${encodeURIComponent(csrf)}`,
        headers: { cookie, ...body.headers },
        payload: body.payload,
      });
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).toContain('Sign in to continue');
    }
    const doc = await t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(doc.deleted_at).toBeNull();
    expect(doc.current_version).toBe(1);
    const kept = await t.db
      .selectFrom('documents')
      .select('id')
      .where('title', 'like', '%Caducada%')
      .execute();
    expect(kept).toEqual([]);
  });

  it('keeps institutions that may not publish to drafts', async () => {
    const inst = await makeInstitution(t.db, { country_iso3: 'URY', can_publish: 0 });
    const editor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY', institution_id: inst.id });
    const login = await loginAs(t, editor);
    const body = multipart({ ...META, title_es: 'No publicable' }, [
      { name: 'a.txt', data: Buffer.from('x') },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...login.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'institution_id' });
    const draft = multipart({ ...META, status: 'draft', title_es: 'Borrador' }, [
      { name: 'a.txt', data: Buffer.from('x') },
    ]);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...login.headers, ...draft.headers },
      payload: draft.payload,
    });
    expect(ok.statusCode).toBe(201);
  });

  describe('access levels', () => {
    const docs: Record<string, { id: number; fileId: number }> = {};
    beforeAll(async () => {
      for (const [key, access, status] of [
        ['public', 'public', 'published'],
        ['members', 'members', 'published'],
        ['country', 'country', 'published'],
        ['draft', 'public', 'draft'],
      ] as const) {
        const res = await apiCreate(
          'uryEditor',
          {
            ...META,
            section: 'employment-services',
            access,
            status,
            title_es: `Acceso ${key} zq`,
            orig_locale: 'es',
          },
          [{ name: `${key}.txt`, data: Buffer.from(`texto ${key}`) }],
        );
        expect(res.statusCode).toBe(201);
        docs[key] = { id: res.json().id, fileId: res.json().files[0].id };
      }
    });

    const viewers = {
      visitor: { sees: ['public'] },
      reader: { sees: ['public', 'members'] },
      chlEditor: { sees: ['public', 'members'] },
      uryEditor: { sees: ['public', 'members', 'country', 'draft'] },
    } as const;

    it.each(Object.entries(viewers))(
      '%s sees only what they may open, in lists, pages, files and the API',
      async (who, { sees }) => {
        const headers = who === 'visitor' ? {} : { cookie: as[who]!.cookie };
        const list = await t.app.inject({ url: '/es/documents/sections/employment-services', headers });
        for (const key of Object.keys(docs)) {
          const shouldList = sees.includes(key as never) && key !== 'draft';
          expect(list.body.includes(`Acceso ${key} zq`), `${who} list ${key}`).toBe(shouldList);
          const page = await t.app.inject({ url: `/es/documents/${docs[key]!.id}`, headers });
          expect(page.statusCode, `${who} page ${key}`).toBe(sees.includes(key as never) ? 200 : 404);
          const file = await t.app.inject({
            url: `/es/documents/${docs[key]!.id}/files/${docs[key]!.fileId}`,
            headers,
          });
          expect(file.statusCode, `${who} file ${key}`).toBe(sees.includes(key as never) ? 200 : 404);
        }
        const apiHeaders = who === 'visitor' ? {} : as[who]!.headers;
        const api = await t.app.inject({
          url: '/api/v1/documents?section=employment-services',
          headers: apiHeaders,
        });
        const titles = api
          .json()
          .items.map((d: { title: { es: string } }) => d.title.es)
          .filter((s: string) => s.endsWith('zq'));
        expect(titles.sort()).toEqual(
          sees
            .filter((k) => k !== 'draft')
            .map((k) => `Acceso ${k} zq`)
            .sort(),
        );
        expect(api.json().total).toBe(titles.length);
      },
    );

    it('lists only public documents in the feeds, whoever asks', async () => {
      for (const url of ['/es/documents/feed.xml', '/es/documents/sections/employment-services/feed.xml']) {
        const res = await t.app.inject({ url, headers: { cookie: as.uryEditor!.cookie } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('application/atom+xml');
        expect(res.body).toContain('Acceso public zq');
        expect(res.body).not.toContain('Acceso members zq');
        expect(res.body).not.toContain('Acceso country zq');
        expect(res.body).not.toContain('Acceso draft zq');
      }
    });

    it('serves files as attachments with their stored type, and counts downloads', async () => {
      const url = `/es/documents/${docs.public!.id}/files/${docs.public!.fileId}`;
      const res = await t.app.inject({ url });
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="public.txt"; filename*=UTF-8''public.txt`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toBe('texto public');
      const page = await t.app.inject({ url: `/en/documents/${docs.public!.id}` });
      expect(page.body).toMatch(/downloaded [2-9] times/);
      // A file of another document is not reachable through this one.
      const cross = await t.app.inject({
        url: `/es/documents/${docs.public!.id}/files/${docs.country!.fileId}`,
      });
      expect(cross.statusCode).toBe(404);
    });

    it('describes public documents with schema.org data', async () => {
      const page = await t.app.inject({ url: `/es/documents/${docs.public!.id}` });
      const ld = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page.body)?.[1];
      expect(JSON.parse(ld!)).toMatchObject({
        '@type': 'Report',
        name: 'Acceso public zq',
        inLanguage: 'es',
      });
    });
  });

  it('keeps earlier versions downloadable when a new one is uploaded', async () => {
    const created = await apiCreate('uryEditor', { ...META, title_es: 'Versionado' }, [
      { name: 'v1.txt', data: Buffer.from('primera versión') },
    ]);
    const doc = created.json();
    const body = multipart({}, [{ name: 'v2.txt', data: Buffer.from('segunda versión') }]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/documents/${doc.id}/files`,
      headers: { ...as.uryEditor!.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().currentVersion).toBe(2);
    const v1 = doc.files[0];
    const old = await t.app.inject({ url: `/en/documents/${doc.id}/files/${v1.id}` });
    expect(old.statusCode).toBe(200);
    expect(old.body).toBe('primera versión');
    const page = await t.app.inject({ url: `/en/documents/${doc.id}` });
    expect(page.body).toContain('Earlier versions');
    expect(page.body).toContain('v1.txt');
    expect(page.body).toContain('v2.txt');
  });

  it('deletes softly, and only the Secretariat restores', async () => {
    const created = await apiCreate('uryEditor', { ...META, title_es: 'Para borrar' }, [
      { name: 'a.txt', data: Buffer.from('borrar') },
    ]);
    const id = created.json().id;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/documents/${id}`,
      headers: as.uryEditor!.headers,
    });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/en/documents/${id}` })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `/en/documents/${id}`, headers: { cookie: as.uryEditor!.cookie } }))
        .statusCode,
    ).toBe(404);
    const entries = await t.db
      .selectFrom('search_entries')
      .select('id')
      .where('type', '=', 'document')
      .where('ref_id', '=', String(id))
      .execute();
    expect(entries).toEqual([]);
    const row = await t.db
      .selectFrom('documents')
      .select('deleted_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();

    const byEditor = await t.app.inject({
      method: 'POST',
      url: `/api/v1/documents/${id}/restore`,
      headers: as.uryEditor!.headers,
    });
    expect(byEditor.statusCode).toBe(403);
    const manage = await t.app.inject({
      url: '/en/documents/manage?deleted=1',
      headers: { cookie: as.secretariat!.cookie },
    });
    expect(manage.body).toContain('Para borrar');
    const form = await t.app.inject({
      method: 'POST',
      url: `/en/documents/${id}/restore`,
      headers: { cookie: as.secretariat!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${as.secretariat!.csrf}`,
    });
    expect(form.statusCode).toBe(303);
    expect((await t.app.inject({ url: `/en/documents/${id}` })).statusCode).toBe(200);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'document')
      .where('object_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['document.create', 'document.delete', 'document.restore']);
  });

  it('lets the Secretariat edit a section introduction in several languages', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/fr/documents/sections/work-scholarships/edit',
      headers: { cookie: as.secretariat!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: as.secretariat!.csrf,
        orig_locale: 'es',
        intro_es: 'Becas **para jóvenes**',
        intro_fr: 'Bourses pour les jeunes',
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/fr/documents/sections/work-scholarships' })).body).toContain(
      'Bourses pour les jeunes',
    );
    expect((await t.app.inject({ url: '/pt/documents/sections/work-scholarships' })).body).toContain(
      '<strong>para jóvenes</strong>',
    );
    const denied = await t.app.inject({
      method: 'POST',
      url: '/fr/documents/sections/work-scholarships/edit',
      headers: { cookie: as.uryEditor!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${as.uryEditor!.csrf}&intro_fr=x`,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('lists a country page and is in the navigation', async () => {
    const res = await t.app.inject({ url: '/es/documents/countries/MEX' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ley Federal del Trabajo');
    expect(res.body).not.toContain('Acceso public zq');
    expect(res.body).toContain('href="/es/documents"');
    expect((await t.app.inject({ url: '/es/documents/countries/XXX' })).statusCode).toBe(404);
  });

  it('appears in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/v1/documents',
      '/api/v1/documents/{id}',
      '/api/v1/documents/{id}/files',
      '/api/v1/documents/{id}/restore',
    ]) {
      expect(spec.paths[p], p).toBeDefined();
    }
    expect(spec.paths['/api/v1/documents'].post.tags).toEqual(['documents']);
  });
});

describe('document library in the rest of the site', () => {
  let t: TestApp;
  let dir: string;
  let id: number;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-docs-'));
    t = await createTestApp({ FILES_DIR: dir, UPLOAD_MAX_MB: '1' });
    const editor = await makeUser(t.db, { role: 'editor', country_iso3: 'PER' });
    const login = await loginAs(t, editor);
    const body = multipart(
      { ...META, title_es: 'Ley de Seguridad y Salud en el Trabajo', themes: 'occupational-safety-health' },
      [{ name: 'LEY-29783-2011.md', data: fs.readFileSync(path.join(CORPUS, 'es/LEY-29783-2011.md')) }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...login.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    await t.app.deps.jobs.runDue();
    const big = multipart({ ...META, title_es: 'Demasiado grande' }, [
      { name: 'grande.txt', data: Buffer.alloc(1536 * 1024, 'a') },
    ]);
    const tooBig = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...login.headers, ...big.headers },
      payload: big.payload,
    });
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json().errors).toEqual([{ field: 'files', message: '“grande.txt” is larger than 1 MB' }]);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows on the theme page, the country page, the site map and in search', async () => {
    const theme = await t.app.inject({ url: '/es/themes/occupational-safety-health' });
    expect(theme.body).toContain('Ley de Seguridad y Salud en el Trabajo');
    const country = await t.app.inject({ url: '/es/countries/PER' });
    expect(country.body).toContain('Ley de Seguridad y Salud en el Trabajo');
    const sitemap = await t.app.inject({ url: '/sitemap.xml' });
    expect(sitemap.body).toContain(`/documents/${id}`);
    const hits = await t.db
      .selectFrom('search_entries')
      .select(['title'])
      .where('type', '=', 'document')
      .execute();
    expect(hits).toEqual([{ title: 'Ley de Seguridad y Salud en el Trabajo' }]);
  });
});
