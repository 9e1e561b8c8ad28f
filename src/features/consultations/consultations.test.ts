import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, csrfFrom, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import { multipart } from './test-helpers.ts';

describe('consultations (pages)', () => {
  let t: TestApp;
  let dir: string;
  let uryEditor: User;
  let uryEditor2: User;
  let uryCoordinator: User;
  let chlEditor: User;
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

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-cons-'));
    t = await createTestApp({ FILES_DIR: dir });
    uryEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY', name: 'Martín Suárez' });
    uryEditor2 = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    uryCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    chlEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Diego Muñoz' });
    chlCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL' });
    mexCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'MEX' });
    reader = await makeUser(t.db, { role: 'reader' });
    secretariat = await makeUser(t.db, { role: 'secretariat', country_iso3: null });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function ask(
    user: User,
    fields: Record<string, string | string[]>,
    files: Parameters<typeof multipart>[1] = [],
  ) {
    const login = await as(user);
    const body = multipart(
      {
        title: 'How do you evaluate youth employment programmes?',
        body: 'We run **two** programmes.',
        orig_locale: 'en',
        addressed: 'all',
        ...fields,
      },
      files,
    );
    return t.app.inject({
      method: 'POST',
      url: `/en/consultations/new?_csrf=${encodeURIComponent(login.csrf)}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: login.cookie },
    });
  }

  async function answer(user: User, id: number, text: string, files: Parameters<typeof multipart>[1] = []) {
    const login = await as(user);
    const body = multipart({ body: text, orig_locale: 'es' }, files);
    return t.app.inject({
      method: 'POST',
      url: `/en/consultations/${id}/answers?_csrf=${encodeURIComponent(login.csrf)}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: login.cookie },
    });
  }

  async function post(user: User, url: string, fields: Record<string, string> = {}) {
    const login = await as(user);
    const f = form({ _csrf: login.csrf, ...fields });
    return t.app.inject({
      method: 'POST',
      url,
      payload: f.payload,
      headers: { ...f.headers, cookie: login.cookie },
    });
  }

  async function page(user: User | null, url: string) {
    return t.app.inject({ url, headers: user ? { cookie: (await as(user)).cookie } : {} });
  }

  const idFrom = (location: string) => Number(/\/consultations\/(\d+)/.exec(location)![1]);

  async function notificationsOf(kind: string, url: string) {
    const rows = await t.db
      .selectFrom('notifications')
      .select(['user_id'])
      .where('kind', '=', kind)
      .where('url', 'like', `${url}%`)
      .execute();
    return rows.map((r) => r.user_id).sort((a, b) => a - b);
  }

  it('a Uruguayan editor asks, a Chilean editor answers, the asker accepts: answered, and the right people are told', async () => {
    const asked = await ask(
      uryEditor,
      { themes: ['youth-employment', 'labour-training'], deadline: '2099-12-31' },
      [{ name: 'programmes.txt', content: 'Programme list: Yo Estudio y Trabajo' }],
    );
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toMatch(/^\/en\/consultations\/\d+\?created=1$/);
    const id = idFrom(asked.headers.location as string);

    // The coordinators of the other countries hear of it; not the asking country's.
    const addressed = await notificationsOf('consultation.addressed', `/consultations/${id}`);
    expect(addressed).toContain(chlCoordinator.id);
    expect(addressed).toContain(mexCoordinator.id);
    expect(addressed).not.toContain(uryCoordinator.id);
    expect(addressed).not.toContain(chlEditor.id);

    const shown = await page(uryEditor, `/en/consultations/${id}?created=1`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('How do you evaluate youth employment programmes?');
    expect(shown.body).toContain('<strong>two</strong>');
    expect(shown.body).toContain('Your consultation has been sent');
    expect(shown.body).toContain('Labour training');
    expect(shown.body).toContain('programmes.txt');
    expect(shown.body).toContain('Answers wanted by');

    const answered = await answer(chlEditor, id, 'En Chile evaluamos con **grupos de control**.');
    expect(answered.statusCode).toBe(303);
    const answerId = Number(/#answer-(\d+)$/.exec(answered.headers.location as string)![1]);
    expect(await notificationsOf('consultation.answered', `/consultations/${id}`)).toEqual([uryEditor.id]);

    const accepted = await post(uryEditor, `/en/consultations/${id}/answers/${answerId}/accept`);
    expect(accepted.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('answered');
    expect(row.accepted_answer_id).toBe(answerId);
    expect(await notificationsOf('consultation.accepted', `/consultations/${id}`)).toEqual([chlEditor.id]);

    const after = await page(chlEditor, `/en/consultations/${id}`);
    expect(after.body).toContain('Accepted answer');
    expect(after.body).toContain('<strong>grupos de control</strong>');
    expect(after.body).toContain('Answered');

    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', 'in', ['consultation', 'consultation_answer'])
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['consultation.create', 'consultation.answer', 'consultation.accept']),
    );
  });

  it('refuses a forged answer from the asking country or from a country not addressed, and answers on a closed consultation', async () => {
    const asked = await ask(uryEditor, { title: 'Only for Mexico', addressed: 'chosen', countries: ['MEX'] });
    const id = idFrom(asked.headers.location as string);
    expect(await notificationsOf('consultation.addressed', `/consultations/${id}`)).toEqual([
      mexCoordinator.id,
    ]);

    expect((await answer(uryCoordinator, id, 'Our own answer')).statusCode).toBe(403);
    expect((await answer(chlEditor, id, 'Not addressed to Chile')).statusCode).toBe(403);
    expect((await answer(reader, id, 'A reader')).statusCode).toBe(403);
    expect((await answer(secretariat, id, 'The Secretariat')).statusCode).toBe(403);
    const chlPage = await page(chlEditor, `/en/consultations/${id}`);
    expect(chlPage.body).toContain('This consultation is not addressed to your country.');
    expect(chlPage.body).not.toContain('Send the answer');

    expect((await answer(mexCoordinator, id, 'Respuesta de México')).statusCode).toBe(303);
    expect((await post(uryEditor, `/en/consultations/${id}/close`)).statusCode).toBe(303);
    expect((await answer(mexCoordinator, id, 'Too late')).statusCode).toBe(403);
    const count = await t.db
      .selectFrom('consultation_answers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('consultation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    // Reopening brings it back to open (no accepted answer yet).
    expect((await post(uryEditor, `/en/consultations/${id}/reopen`)).statusCode).toBe(303);
    const row = await t.db
      .selectFrom('consultations')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('open');
  });

  it('accepting is for the asker, a coordinator of the asking country or the Secretariat', async () => {
    const id = idFrom((await ask(uryEditor, { title: 'Who accepts?' })).headers.location as string);
    const first = await answer(chlEditor, id, 'Primera respuesta');
    const second = await answer(mexCoordinator, id, 'Segunda respuesta');
    const a1 = Number(/#answer-(\d+)$/.exec(first.headers.location as string)![1]);
    const a2 = Number(/#answer-(\d+)$/.exec(second.headers.location as string)![1]);

    for (const someone of [uryEditor2, chlCoordinator, chlEditor, reader]) {
      expect((await post(someone, `/en/consultations/${id}/answers/${a1}/accept`)).statusCode).toBe(403);
    }
    expect((await post(uryCoordinator, `/en/consultations/${id}/answers/${a1}/accept`)).statusCode).toBe(303);
    // The accepted answer can change; there is only one.
    expect((await post(secretariat, `/en/consultations/${id}/answers/${a2}/accept`)).statusCode).toBe(303);
    const answers = await t.db
      .selectFrom('consultation_answers')
      .select(['id', 'accepted_at'])
      .where('consultation_id', '=', id)
      .orderBy('id')
      .execute();
    expect(answers.map((a) => a.accepted_at !== null)).toEqual([false, true]);
    // The answer must belong to the consultation in the address.
    const other = idFrom((await ask(uryEditor, { title: 'Another one' })).headers.location as string);
    expect((await post(uryEditor, `/en/consultations/${other}/answers/${a1}/accept`)).statusCode).toBe(404);
  });

  it('counts one helpful mark per user, never the author’s own, and lists the most helpful first', async () => {
    const id = idFrom((await ask(uryEditor, { title: 'Helpful answers' })).headers.location as string);
    const a1 = Number(
      /#answer-(\d+)$/.exec((await answer(chlEditor, id, 'Menos útil')).headers.location as string)![1],
    );
    const a2 = Number(
      /#answer-(\d+)$/.exec((await answer(mexCoordinator, id, 'Más útil')).headers.location as string)![1],
    );
    const url = `/en/consultations/${id}/answers/${a2}/helpful`;
    expect((await post(reader, url, { helpful: '1' })).statusCode).toBe(303);
    expect((await post(reader, url, { helpful: '1' })).statusCode).toBe(303);
    expect((await post(uryEditor, url, { helpful: '1' })).statusCode).toBe(303);
    expect((await post(mexCoordinator, url, { helpful: '1' })).statusCode).toBe(403);
    const count = async (answerId: number) =>
      (
        await t.db
          .selectFrom('consultation_answers')
          .select('helpful_count')
          .where('id', '=', answerId)
          .executeTakeFirstOrThrow()
      ).helpful_count;
    expect(await count(a2)).toBe(2);
    const shown = await page(reader, `/en/consultations/${id}`);
    expect(shown.body.indexOf('Más útil')).toBeLessThan(shown.body.indexOf('Menos útil'));
    expect(shown.body).toContain('2 people found this helpful');
    expect(shown.body).toContain('aria-pressed="true"');
    // Taking the mark back.
    const takenBack = await post(reader, url, { helpful: '0' });
    expect(takenBack.statusCode).toBe(303);
    expect(takenBack.headers.location).toContain('unhelpful=1');
    expect(await count(a2)).toBe(1);
    expect(await count(a1)).toBe(0);
  });

  it('serves attachments only to those who may read the consultation', async () => {
    const asked = await ask(uryEditor, { title: 'With a file' }, [
      { name: 'plan.txt', content: 'Plan de acción' },
    ]);
    const id = idFrom(asked.headers.location as string);
    const ans = await answer(chlEditor, id, 'Con anexo', [{ name: 'anexo.txt', content: 'Anexo chileno' }]);
    expect(ans.statusCode).toBe(303);
    const files = await t.db
      .selectFrom('attachments')
      .selectAll()
      .where('original_name', 'in', ['plan.txt', 'anexo.txt'])
      .execute();
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect((await page(reader, `/attachments/${f.id}`)).statusCode).toBe(200);
      expect((await page(null, `/attachments/${f.id}`)).statusCode).toBe(404);
    }
    expect((await post(uryEditor, `/en/consultations/${id}/delete`)).statusCode).toBe(303);
    for (const f of files) {
      expect((await page(reader, `/attachments/${f.id}`)).statusCode).toBe(404);
      expect((await page(secretariat, `/attachments/${f.id}`)).statusCode).toBe(200);
    }
    expect((await page(chlEditor, `/en/consultations/${id}`)).statusCode).toBe(404);
    const deleted = await page(secretariat, `/en/consultations/${id}`);
    expect(deleted.body).toContain('Only the Secretariat sees it');
    expect((await post(secretariat, `/en/consultations/${id}/restore`)).statusCode).toBe(303);
    expect((await page(chlEditor, `/en/consultations/${id}`)).statusCode).toBe(200);
  });

  it('refuses a file that is not what it claims, next to the field, and keeps the text typed', async () => {
    const res = await ask(uryEditor, { title: 'Bad file', body: 'Body kept' }, [
      { name: 'report.pdf', content: Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x00, 0x00]) },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('is not a PDF, Word, Excel');
    expect(res.body).toContain('Body kept');
    expect(
      await t.db.selectFrom('consultations').select('id').where('title', 'like', '%Bad file%').execute(),
    ).toHaveLength(0);
  });

  it('shows the errors of an incomplete form in the reader’s language', async () => {
    const login = await as(uryEditor);
    const body = multipart({
      title: '',
      body: '',
      orig_locale: 'es',
      addressed: 'chosen',
      deadline: '2020-01-01',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/es/consultations/new?_csrf=${encodeURIComponent(login.csrf)}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: login.cookie },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Escriba la pregunta');
    expect(res.body).toContain('Marque al menos un país');
    expect(res.body).toContain('La fecha debe ser hoy o posterior');
    expect(res.body).toContain('class="error-summary"');
  });

  it('lets only coordinators, editors and the Secretariat ask, each for their own country', async () => {
    expect((await page(reader, '/en/consultations/new')).statusCode).toBe(403);
    expect((await ask(reader, {})).statusCode).toBe(403);
    const form = await page(uryEditor, '/en/consultations/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('You ask on behalf of');
    // A forged asking country is ignored: editors ask for their own.
    const forged = await ask(chlEditor, { title: 'Forged country', country_iso3: 'URY' });
    const row = await t.db
      .selectFrom('consultations')
      .select('country_iso3')
      .where('id', '=', idFrom(forged.headers.location as string))
      .executeTakeFirstOrThrow();
    expect(row.country_iso3).toBe('CHL');
    // The Secretariat names the asking country.
    const missing = await ask(secretariat, { title: 'From the Secretariat' });
    expect(missing.statusCode).toBe(422);
    const bySecretariat = await ask(secretariat, { title: 'From the Secretariat', country_iso3: 'JAM' });
    expect(bySecretariat.statusCode).toBe(303);
  });

  it('sends visitors to sign in, without saying whether a consultation exists', async () => {
    const list = await page(null, '/en/consultations');
    expect(list.statusCode).toBe(303);
    expect(list.headers.location).toBe('/en/login?next=%2Fconsultations');
    const one = await page(null, '/en/consultations/1');
    const none = await page(null, '/en/consultations/999999');
    expect(one.statusCode).toBe(303);
    expect(none.statusCode).toBe(303);
    expect((await page(reader, '/en/consultations/999999')).statusCode).toBe(404);
  });

  it('filters the list by state, theme, asking country and "addressed to my country"', async () => {
    const mexOnly = idFrom(
      (
        await ask(chlEditor, {
          title: 'Platform work inspection for Mexico',
          addressed: 'chosen',
          countries: ['MEX'],
          themes: ['labour-inspection'],
        })
      ).headers.location as string,
    );
    const toAll = idFrom(
      (await ask(chlEditor, { title: 'Minimum wage councils everywhere', themes: ['social-dialogue'] }))
        .headers.location as string,
    );
    const titles = async (user: User, query: string) => {
      const res = await page(user, `/en/consultations?${query}`);
      expect(res.statusCode).toBe(200);
      return res.body;
    };
    const mine = await titles(mexCoordinator, 'mine=1');
    expect(mine).toContain(`/en/consultations/${mexOnly}"`);
    expect(mine).toContain(`/en/consultations/${toAll}"`);
    const uryMine = await titles(uryEditor, 'mine=1');
    expect(uryMine).not.toContain(`/en/consultations/${mexOnly}"`);
    expect(uryMine).toContain(`/en/consultations/${toAll}"`);
    const chlMine = await titles(chlEditor, 'mine=1');
    expect(chlMine).not.toContain(`/en/consultations/${toAll}"`);

    const byTheme = await titles(reader, 'theme=labour-inspection');
    expect(byTheme).toContain(`/en/consultations/${mexOnly}"`);
    expect(byTheme).not.toContain(`/en/consultations/${toAll}"`);
    const byCountry = await titles(reader, 'country=CHL');
    expect(byCountry).toContain(`/en/consultations/${toAll}"`);
    expect(byCountry).not.toContain('How do you evaluate youth employment programmes?');
    const answered = await titles(reader, 'state=answered');
    expect(answered).toContain('How do you evaluate youth employment programmes?');
    expect(answered).not.toContain('Minimum wage councils everywhere');
    const open = await titles(reader, 'state=open&country=CHL');
    expect(open).toContain('Minimum wage councils everywhere');
  });

  it('pages long lists and shows consultations on the theme page to members only', async () => {
    const login = await as(mexCoordinator);
    for (let i = 1; i <= 22; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/consultations',
        headers: login.headers,
        payload: {
          title: `Child labour survey question ${i}`,
          body: 'Body',
          origLocale: 'en',
          themes: ['child-labour'],
        },
      });
      expect(res.statusCode).toBe(201);
    }
    const first = await page(reader, '/en/consultations?theme=child-labour');
    expect(first.body).toContain('22 consultations');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('Child labour survey question 22');
    expect(first.body).not.toContain('Child labour survey question 2<');
    const second = await page(reader, '/en/consultations?theme=child-labour&page=2');
    expect(second.body).toContain('Child labour survey question 2<');
    expect(second.body).toContain('Child labour survey question 1<');

    const themed = await page(reader, '/en/themes/child-labour');
    expect(themed.statusCode).toBe(200);
    expect(themed.body).toContain('id="theme-consultations"');
    expect(themed.body).toContain('All 22 consultations on this theme');
    const anonymous = await page(null, '/en/themes/child-labour');
    expect(anonymous.body).not.toContain('Child labour survey question');
  });

  it('puts consultations in search for members only', async () => {
    await ask(uryEditor, {
      title: 'Apprenticeship tax incentives',
      body: 'Which incentives for apprenticeships work?',
    });
    const signedIn = await page(reader, '/api/v1/search?q=apprenticeship&type=consultation');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().total).toBeGreaterThan(0);
    const anonymous = await page(null, '/api/v1/search?q=apprenticeship&type=consultation');
    expect(anonymous.json().total).toBe(0);
  });

  it('shows the form fields of the answer form and keeps the CSRF token in the multipart URL', async () => {
    const id = idFrom((await ask(uryEditor, { title: 'Form check' })).headers.location as string);
    const res = await page(chlEditor, `/en/consultations/${id}`);
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toMatch(new RegExp(`action="/en/consultations/${id}/answers\\?_csrf=`));
    expect(csrfFrom(res.body)).toBeTruthy();
  });
});
