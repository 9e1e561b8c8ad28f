import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import {
  createTestApp,
  csrfFrom,
  type Login,
  loginAs,
  type TestApp,
  makeApiToken,
} from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { multipart } from './test-helpers.ts';

describe('editing an answer to a consultation', () => {
  let t: TestApp;
  let dir: string;
  let uryEditor: User;
  let chlEditor: User;
  let chlEditor2: User;
  let chlCoordinator: User;
  let mexCoordinator: User;
  let reader: User;
  let secretariat: User;
  const logins = new Map<number, Login>();
  const as = async (u: User) => {
    let l = logins.get(u.id);
    if (!l) {
      l = await loginAs(t, u);
      logins.set(u.id, l);
    }
    return l;
  };
  const tokens = new Map<number, string>();
  const bearer = async (u: User) => {
    let tok = tokens.get(u.id);
    if (!tok) {
      tok = await makeApiToken(t.db, u.id);
      tokens.set(u.id, tok);
    }
    return { authorization: `Bearer ${tok}` };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-cons-edit-'));
    t = await createTestApp({ FILES_DIR: dir });
    uryEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY', name: 'Martín Suárez' });
    chlEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Diego Muñoz' });
    chlEditor2 = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' });
    chlCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL' });
    mexCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'MEX' });
    reader = await makeUser(t.db, { role: 'reader' });
    secretariat = await makeUser(t.db, { role: 'secretariat', country_iso3: null });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function ask(title: string): Promise<number> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: await bearer(uryEditor),
      payload: { title, body: 'Tell us how you do it.', origLocale: 'en' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }

  async function answer(
    user: User,
    id: number,
    text: string,
    files: Parameters<typeof multipart>[1] = [],
  ): Promise<number> {
    const login = await as(user);
    const body = multipart({ body: text, orig_locale: 'es' }, files);
    const res = await t.app.inject({
      method: 'POST',
      url: `/en/consultations/${id}/answers?_csrf=${encodeURIComponent(login.csrf)}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: login.cookie },
    });
    expect(res.statusCode).toBe(303);
    return Number(/#answer-(\d+)$/.exec(res.headers.location as string)![1]);
  }

  /** Sends the edit form as a browser would (multipart, CSRF token in the address). */
  async function editForm(
    user: User,
    id: number,
    answerId: number,
    fields: Record<string, string | string[]>,
    files: Parameters<typeof multipart>[1] = [],
    locale = 'en',
  ) {
    const login = await as(user);
    const body = multipart({ orig_locale: 'es', ...fields }, files);
    return t.app.inject({
      method: 'POST',
      url: `/${locale}/consultations/${id}/answers/${answerId}/edit?_csrf=${encodeURIComponent(login.csrf)}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: login.cookie },
    });
  }

  async function patch(user: User | null, answerId: number, payload: Record<string, unknown>) {
    return t.app.inject({
      method: 'PATCH',
      url: `/api/v1/answers/${answerId}`,
      headers: user ? await bearer(user) : {},
      payload,
    });
  }

  async function page(user: User | null, url: string) {
    return t.app.inject({ url, headers: user ? { cookie: (await as(user)).cookie } : {} });
  }

  async function stored(answerId: number) {
    return t.db
      .selectFrom('consultation_answers')
      .selectAll()
      .where('id', '=', answerId)
      .executeTakeFirstOrThrow();
  }

  async function searchTotal(q: string): Promise<number> {
    const res = await page(reader, `/api/v1/search?q=${encodeURIComponent(q)}&type=consultation`);
    expect(res.statusCode).toBe(200);
    return res.json().total;
  }

  it('lets the author correct an answer from its page: new text shown as edited, audited, searchable, still accepted, nobody told again', async () => {
    const id = await ask('How are unemployment benefits financed?');
    const answerId = await answer(chlEditor, id, 'Con un fondo de **cesantía** y aportes de empleadores.');
    const login = await as(uryEditor);
    const accept = await t.app.inject({
      method: 'POST',
      url: `/en/consultations/${id}/answers/${answerId}/accept`,
      payload: `_csrf=${encodeURIComponent(login.csrf)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: login.cookie },
    });
    expect(accept.statusCode).toBe(303);
    const notificationsBefore = await t.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(await searchTotal('cesantía')).toBe(1);
    expect(await searchTotal('solidario')).toBe(0);

    // The author sees an Edit link on the answer, leading to the form filled with the text.
    const before = await page(chlEditor, `/en/consultations/${id}`);
    expect(before.body).toContain(`href="/en/consultations/${id}/answers/${answerId}/edit"`);
    expect(before.body).not.toContain('edited');
    const formPage = await page(chlEditor, `/en/consultations/${id}/answers/${answerId}/edit`);
    expect(formPage.statusCode).toBe(200);
    expect(formPage.body).toContain('Edit the answer');
    expect(formPage.body).toContain('Con un fondo de **cesantía** y aportes de empleadores.');
    expect(formPage.body).toMatch(
      new RegExp(`action="/en/consultations/${id}/answers/${answerId}/edit\\?_csrf=`),
    );
    expect(csrfFrom(formPage.body)).toBeTruthy();

    const edited = await editForm(chlEditor, id, answerId, {
      body: 'Con un fondo **solidario** y aportes de empleadores.',
    });
    expect(edited.statusCode).toBe(303);
    expect(edited.headers.location).toBe(`/en/consultations/${id}?edited=1#answer-${answerId}`);

    const after = await page(reader, `/en/consultations/${id}?edited=1`);
    expect(after.body).toContain('<strong>solidario</strong>');
    expect(after.body).not.toContain('cesantía');
    expect(after.body).toMatch(/class="answer__edited">edited \w+ \d+, \d{4}/);
    // An accepted answer stays accepted; the consultation stays answered.
    expect(after.body).toContain('Accepted answer');
    const row = await stored(answerId);
    expect(row.accepted_at).not.toBeNull();
    expect(row.edited_by).toBe(chlEditor.id);
    const c = await t.db
      .selectFrom('consultations')
      .select(['state', 'accepted_answer_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ state: 'answered', accepted_answer_id: answerId });
    // Readers of other pages see no Edit link.
    expect(after.body).not.toContain(`/answers/${answerId}/edit"`);

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'consultation.answer_edit')
      .where('object_id', '=', String(answerId))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(chlEditor.id);
    expect(audit[0]!.before).toContain('cesantía');
    expect(audit[0]!.after).toContain('solidario');

    expect(await searchTotal('solidario')).toBe(1);
    expect(await searchTotal('cesantía')).toBe(0);

    const notificationsAfter = await t.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(notificationsAfter.n)).toBe(Number(notificationsBefore.n));

    // Sending the same text again changes nothing and writes nothing.
    const same = await editForm(chlEditor, id, answerId, {
      body: 'Con un fondo **solidario** y aportes de empleadores.',
    });
    expect(same.headers.location).toContain('unchanged=1');
    const audits = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'consultation.answer_edit')
      .where('object_id', '=', String(answerId))
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('refuses a forged edit by anyone but the author and the Secretariat, through the page or the API', async () => {
    const id = await ask('Who inspects platform work?');
    const answerId = await answer(chlEditor, id, 'La Dirección del Trabajo fiscaliza plataformas.');
    const original = (await stored(answerId)).body;

    // Members who may read the answer: 403, whether page, form or API.
    for (const someone of [mexCoordinator, chlEditor2, chlCoordinator, uryEditor, reader]) {
      expect((await page(someone, `/en/consultations/${id}/answers/${answerId}/edit`)).statusCode).toBe(403);
      expect((await editForm(someone, id, answerId, { body: 'Texto falsificado' })).statusCode).toBe(403);
      expect((await patch(someone, answerId, { body: 'Texto falsificado' })).statusCode).toBe(403);
      const shown = await page(someone, `/en/consultations/${id}`);
      expect(shown.body).not.toContain(`/answers/${answerId}/edit"`);
    }
    expect((await stored(answerId)).body).toBe(original);
    expect((await stored(answerId)).edited_at).toBeNull();

    // Without the CSRF token the form is refused even for the author.
    const login = await as(chlEditor);
    const noToken = multipart({ body: 'Sin token', orig_locale: 'es' });
    const refused = await t.app.inject({
      method: 'POST',
      url: `/en/consultations/${id}/answers/${answerId}/edit`,
      payload: noToken.payload,
      headers: { ...noToken.headers, cookie: login.cookie },
    });
    expect(refused.statusCode).toBe(403);

    // The answer must belong to the consultation in the address.
    const other = await ask('Another consultation');
    expect((await editForm(chlEditor, other, answerId, { body: 'Mal lugar' })).statusCode).toBe(404);
    // Visitors are sent to sign in; an anonymous write is refused the same way whether the
    // answer exists or not.
    const anonymous = await page(null, `/en/consultations/${id}/answers/${answerId}/edit`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/en/login?next=');
    const missing = await page(null, `/en/consultations/${id}/answers/99999999/edit`);
    expect(missing.headers.location).toBe(
      `/en/login?next=${encodeURIComponent(`/consultations/${id}/answers/99999999/edit`)}`,
    );
    const anonymousPatch = await patch(null, answerId, { body: 'Anónimo' });
    expect(anonymousPatch.statusCode).toBe((await patch(null, 99_999_999, { body: 'Anónimo' })).statusCode);
    expect([401, 403]).toContain(anonymousPatch.statusCode);

    // Once the consultation is deleted, nobody but the Secretariat sees it: 404, even to the author.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/consultations/${id}`,
      headers: await bearer(uryEditor),
    });
    expect(del.statusCode).toBe(204);
    expect((await editForm(chlEditor, id, answerId, { body: 'Después de borrar' })).statusCode).toBe(404);
    expect((await patch(chlEditor, answerId, { body: 'Después de borrar' })).statusCode).toBe(404);
    expect((await patch(mexCoordinator, answerId, { body: 'Después de borrar' })).statusCode).toBe(404);
    expect((await patch(chlEditor, 99_999_999, { body: 'No existe' })).statusCode).toBe(404);
    expect((await stored(answerId)).body).toBe(original);
  });

  it('lets the Secretariat edit any answer, and says so on the answer', async () => {
    const id = await ask('Moderated question');
    const answerId = await answer(chlEditor, id, 'Texto con un dato personal: 099 123 456.');
    const res = await editForm(secretariat, id, answerId, { body: 'Texto sin datos personales.' });
    expect(res.statusCode).toBe(303);
    const shown = await page(chlEditor, `/en/consultations/${id}`);
    expect(shown.body).toContain('Texto sin datos personales.');
    expect(shown.body).not.toContain('099 123 456');
    expect(shown.body).toContain('edited by the Secretariat');
    expect((await stored(answerId)).edited_by).toBe(secretariat.id);
  });

  it('shows the errors of the edit form in the reader’s language and keeps the text unchanged', async () => {
    const id = await ask('Validation of edits');
    const answerId = await answer(chlEditor, id, 'Respuesta original.');
    const res = await editForm(chlEditor, id, answerId, { body: '   ' }, [], 'es');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('href="#f-body">Escriba su respuesta</a>');
    expect(res.body).toMatch(/class="field-error" id="f-body-error">.*Escriba su respuesta/s);
    expect(res.body).toContain('Editar la respuesta');
    expect((await stored(answerId)).body).toBe(JSON.stringify({ es: 'Respuesta original.' }));
  });

  it('removes and adds files of an answer, refusing files of another answer', async () => {
    const id = await ask('Answers with files');
    const answerId = await answer(chlEditor, id, 'Con anexos.', [
      { name: 'viejo.txt', content: 'Anexo viejo' },
      { name: 'queda.txt', content: 'Anexo que queda' },
    ]);
    const otherAnswer = await answer(mexCoordinator, id, 'Otra respuesta.', [
      { name: 'mexico.txt', content: 'Anexo de México' },
    ]);
    const files = await t.db
      .selectFrom('attachments')
      .select(['id', 'original_name', 'owner_id'])
      .where('owner_id', 'in', [answerId, otherAnswer])
      .where('owner_type', '=', 'consultation_answer')
      .execute();
    const idOf = (name: string) => String(files.find((f) => f.original_name === name)!.id);

    const form = await page(chlEditor, `/en/consultations/${id}/answers/${answerId}/edit`);
    expect(form.body).toContain('Remove viejo.txt');
    expect(form.body).not.toContain('mexico.txt');

    const forged = await editForm(chlEditor, id, answerId, {
      body: 'Con anexos.',
      remove_files: idOf('mexico.txt'),
    });
    expect(forged.statusCode).toBe(422);
    expect(forged.body).toContain('Choose files attached to this answer');

    const res = await editForm(
      chlEditor,
      id,
      answerId,
      { body: 'Con anexos.', remove_files: idOf('viejo.txt') },
      [{ name: 'nuevo.txt', content: 'Anexo nuevo' }],
    );
    expect(res.statusCode).toBe(303);
    const shown = await page(reader, `/en/consultations/${id}`);
    expect(shown.body).toContain('nuevo.txt');
    expect(shown.body).toContain('queda.txt');
    expect(shown.body).not.toContain('viejo.txt');
    expect(shown.body).toContain('mexico.txt');
    expect((await page(reader, `/attachments/${idOf('viejo.txt')}`)).statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'consultation.answer_edit')
      .where('object_id', '=', String(answerId))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!).attachments).toContain(Number(idOf('viejo.txt')));
    expect(JSON.parse(audit.after!).attachments).not.toContain(Number(idOf('viejo.txt')));
  });

  it('edits through the API with the same rules', async () => {
    const id = await ask('API edits');
    const answerId = await answer(chlEditor, id, 'Primera versión.', [{ name: 'a.txt', content: 'A' }]);
    const file = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('owner_type', '=', 'consultation_answer')
      .where('owner_id', '=', answerId)
      .executeTakeFirstOrThrow();

    // Only the files: the text stays.
    const onlyFiles = await patch(chlEditor, answerId, { removeFiles: [file.id] });
    expect(onlyFiles.statusCode).toBe(200);
    expect(onlyFiles.json()).toMatchObject({
      id: answerId,
      body: { es: 'Primera versión.' },
      attachments: [],
    });
    expect(onlyFiles.json().editedAt).toBeTruthy();

    const res = await patch(chlEditor, answerId, { body: 'Second version.', origLocale: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: answerId, body: { en: 'Second version.' }, origLocale: 'en' });

    const empty = await patch(chlEditor, answerId, { body: '' });
    expect(empty.statusCode).toBe(422);
    const bySecretariat = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/answers/${answerId}`,
      headers: (await as(secretariat)).headers,
      payload: { body: 'Third version, moderated.' },
    });
    expect(bySecretariat.statusCode).toBe(200);
    const full = await t.app.inject({ url: `/api/v1/consultations/${id}`, headers: await bearer(reader) });
    expect(full.json().answers[0]).toMatchObject({ body: { en: 'Third version, moderated.' } });

    const spec = await t.app.inject({ url: '/api/openapi.json' });
    expect(spec.json().paths['/api/v1/answers/{id}'].patch.summary).toContain('Edit an answer');
  });
});
