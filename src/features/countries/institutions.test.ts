import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import {
  createTestApp,
  csrfFrom,
  form,
  type Login,
  loginAs,
  type TestApp,
  makeApiToken,
} from '../../../test/helpers.ts';
import type { Institution, User } from '../../db/schema.ts';

async function bearerFor(t: TestApp, user: User): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await makeApiToken(t.db, user.id)}` };
}

describe('institutions', () => {
  let t: TestApp;
  let coordUry: User;
  let editorUry: User;
  let secretariat: User;
  let asCoordUry: Login;
  let asEditorUry: Login;
  let asSecretariat: Login;
  let chl: Institution;

  beforeAll(async () => {
    t = await createTestApp();
    coordUry = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY', name: 'Lucía Pereira' });
    editorUry = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    secretariat = await makeUser(t.db, { role: 'secretariat', name: 'Ana Secretaría' });
    asCoordUry = await loginAs(t, coordUry);
    asEditorUry = await loginAs(t, editorUry);
    asSecretariat = await loginAs(t, secretariat);
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    chl = await makeInstitution(t.db, {
      country_iso3: 'CHL',
      name: `Ministerio del Trabajo ${Math.random()}`,
      acronym: 'MINTRAB',
      can_publish: 1,
    });
  });

  const unchanged = async (inst: Institution) => {
    const now = await t.db
      .selectFrom('institutions')
      .selectAll()
      .where('id', '=', inst.id)
      .executeTakeFirstOrThrow();
    expect(now).toEqual(inst);
  };
  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const chlCount = async () =>
    (await t.db.selectFrom('institutions').select('id').where('country_iso3', '=', 'CHL').execute()).length;

  describe('the National Coordinator of the country', () => {
    it('registers an institution through the form, and it shows on the country page', async () => {
      const page = await t.app.inject({
        url: '/en/countries/URY/institutions/new',
        headers: { cookie: asCoordUry.cookie },
      });
      expect(page.statusCode).toBe(200);
      const csrf = csrfFrom(page.body);
      const body = form({
        _csrf: csrf,
        name: 'Banco de Previsión Social',
        acronym: 'BPS',
        website: 'https://www.bps.gub.uy',
        can_publish: 'on',
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/en/countries/URY/institutions',
        headers: { ...body.headers, cookie: asCoordUry.cookie },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/en/countries/URY?notice=created');
      const shown = await t.app.inject({
        url: res.headers.location as string,
        headers: { cookie: asCoordUry.cookie },
      });
      expect(shown.body).toContain('The institution has been registered.');
      const row = shown.body.slice(shown.body.indexOf('Banco de Previsión Social'));
      expect(row.slice(0, row.indexOf('</tr>'))).toContain('May publish');
      expect(row.slice(0, row.indexOf('</tr>'))).toContain('href="https://www.bps.gub.uy"');
    });

    it('gets the form back with an error summary for bad input', async () => {
      const body = form({ _csrf: asCoordUry.csrf, name: '', website: 'javascript:alert(1)' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/es/countries/URY/institutions',
        headers: { ...body.headers, cookie: asCoordUry.cookie },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('class="error-summary"');
      expect(res.body).toContain('<a href="#f-name">Indique el nombre de la institución</a>');
      expect(res.body).toContain(
        '<a href="#f-website">Indique una dirección web que empiece por http:// o https://</a>',
      );
      expect(res.body).toContain('value="javascript:alert(1)"');
    });

    it('refuses a second live institution with the same name', async () => {
      const existing = await makeInstitution(t.db, {
        country_iso3: 'URY',
        name: 'Dirección Nacional de Empleo',
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/URY/institutions',
        headers: asCoordUry.headers,
        payload: { name: 'dirección nacional de empleo' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'name', message: 'This country already has an institution with this name' },
      ]);
      expect(existing.id).toBeGreaterThan(0);
    });

    it('edits an institution and withdraws its right to publish; the audit trail has who, what, before and after', async () => {
      const inst = await makeInstitution(t.db, { country_iso3: 'URY', name: 'INEFOP', can_publish: 1 });
      const body = form({
        _csrf: asCoordUry.csrf,
        name: 'Instituto Nacional de Empleo y Formación Profesional',
        acronym: 'INEFOP',
      });
      const res = await t.app.inject({
        method: 'POST',
        url: `/en/countries/URY/institutions/${inst.id}`,
        headers: { ...body.headers, cookie: asCoordUry.cookie },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(303);
      const after = await t.db
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', inst.id)
        .executeTakeFirstOrThrow();
      expect(after).toMatchObject({
        name: 'Instituto Nacional de Empleo y Formación Profesional',
        acronym: 'INEFOP',
        can_publish: 0,
      });
      const entry = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('object_type', '=', 'institution')
        .where('object_id', '=', String(inst.id))
        .executeTakeFirstOrThrow();
      expect(entry).toMatchObject({
        action: 'institution.update',
        actor_id: coordUry.id,
        country_iso3: 'URY',
      });
      expect(entry.actor_label).toContain(coordUry.email);
      expect(JSON.parse(entry.before!)).toMatchObject({ name: 'INEFOP', can_publish: 1 });
      expect(JSON.parse(entry.after!)).toMatchObject({
        name: 'Instituto Nacional de Empleo y Formación Profesional',
        can_publish: 0,
      });
      expect(entry.request_id).toBeTruthy();
    });

    it('removes an institution after a confirmation page; the Secretariat restores it', async () => {
      const inst = await makeInstitution(t.db, { country_iso3: 'URY', name: 'Oficina a retirar' });
      const confirm = await t.app.inject({
        url: `/en/countries/URY/institutions/${inst.id}/delete`,
        headers: { cookie: asCoordUry.cookie },
      });
      expect(confirm.body).toContain('Remove Oficina a retirar?');
      const body = form({ _csrf: csrfFrom(confirm.body) });
      const res = await t.app.inject({
        method: 'POST',
        url: `/en/countries/URY/institutions/${inst.id}/delete`,
        headers: { ...body.headers, cookie: asCoordUry.cookie },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(303);
      const page = await t.app.inject({ url: '/en/countries/URY' });
      expect(page.body).not.toContain('Oficina a retirar');

      // The coordinator may not restore.
      const denied = await t.app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${inst.id}/restore`,
        headers: asCoordUry.headers,
      });
      expect(denied.statusCode).toBe(403);

      const secPage = await t.app.inject({
        url: '/en/countries/URY',
        headers: { cookie: asSecretariat.cookie },
      });
      expect(secPage.body).toContain('Removed institutions');
      expect(secPage.body).toContain(`/en/countries/URY/institutions/${inst.id}/restore`);
      const restoreBody = form({ _csrf: asSecretariat.csrf });
      const restored = await t.app.inject({
        method: 'POST',
        url: `/en/countries/URY/institutions/${inst.id}/restore`,
        headers: { ...restoreBody.headers, cookie: asSecretariat.cookie },
        payload: restoreBody.payload,
      });
      expect(restored.statusCode).toBe(303);
      expect((await t.app.inject({ url: '/en/countries/URY' })).body).toContain('Oficina a retirar');
      const actions = await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('object_id', '=', String(inst.id))
        .where('object_type', '=', 'institution')
        .orderBy('id')
        .execute();
      expect(actions).toEqual([
        { action: 'institution.delete', actor_id: coordUry.id },
        { action: 'institution.restore', actor_id: secretariat.id },
      ]);
    });
  });

  describe('a coordinator of Uruguay forging requests against Chile', () => {
    it('cannot open the forms', async () => {
      for (const url of [
        '/en/countries/CHL/institutions/new',
        `/en/countries/CHL/institutions/${chl.id}/edit`,
        `/en/countries/CHL/institutions/${chl.id}/delete`,
      ]) {
        const res = await t.app.inject({ url, headers: { cookie: asCoordUry.cookie } });
        expect(res.statusCode, url).toBe(403);
      }
    });

    it('gets 403 from the page forms and nothing changes', async () => {
      const before = await chlCount();
      const audits = await auditCount();
      const create = form({ _csrf: asCoordUry.csrf, name: 'Institución falsa', can_publish: 'on' });
      const posts = [
        { url: '/en/countries/CHL/institutions', body: create },
        {
          url: `/en/countries/CHL/institutions/${chl.id}`,
          body: form({ _csrf: asCoordUry.csrf, name: 'Hacked' }),
        },
        // Even with its own country in the URL, the institution's real country decides.
        {
          url: `/en/countries/URY/institutions/${chl.id}`,
          body: form({ _csrf: asCoordUry.csrf, name: 'Hacked' }),
        },
        { url: `/en/countries/CHL/institutions/${chl.id}/delete`, body: form({ _csrf: asCoordUry.csrf }) },
        { url: `/en/countries/URY/institutions/${chl.id}/delete`, body: form({ _csrf: asCoordUry.csrf }) },
      ];
      for (const p of posts) {
        const res = await t.app.inject({
          method: 'POST',
          url: p.url,
          headers: { ...p.body.headers, cookie: asCoordUry.cookie },
          payload: p.body.payload,
        });
        expect(res.statusCode, p.url).toBe(403);
      }
      await unchanged(chl);
      expect(await chlCount()).toBe(before);
      expect(await auditCount()).toBe(audits);
    });

    it('gets 403 from the API with a personal token and nothing changes', async () => {
      const bearer = await bearerFor(t, coordUry);
      const before = await chlCount();
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/CHL/institutions',
        headers: bearer,
        payload: { name: 'Institución falsa', canPublish: true },
      });
      expect(create.statusCode).toBe(403);
      expect(create.json().error).toBe('You do not have permission to do this');
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${chl.id}`,
        headers: bearer,
        payload: { canPublish: false },
      });
      expect(edit.statusCode).toBe(403);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/institutions/${chl.id}`,
        headers: bearer,
      });
      expect(del.statusCode).toBe(403);
      await unchanged(chl);
      expect(await chlCount()).toBe(before);
    });

    it('gets 403 from the API with a session and x-csrf-token and nothing changes', async () => {
      const before = await chlCount();
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/CHL/institutions',
        headers: asCoordUry.headers,
        payload: { name: 'Institución falsa' },
      });
      expect(create.statusCode).toBe(403);
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${chl.id}`,
        headers: asCoordUry.headers,
        payload: { name: 'Hacked' },
      });
      expect(edit.statusCode).toBe(403);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/institutions/${chl.id}`,
        headers: asCoordUry.headers,
      });
      expect(del.statusCode).toBe(403);
      await unchanged(chl);
      expect(await chlCount()).toBe(before);
    });

    it('is refused without the CSRF token even for its own country', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/URY/institutions',
        headers: { cookie: asCoordUry.cookie },
        payload: { name: 'Sin token' },
      });
      expect(res.statusCode).toBe(403);
      expect(
        await t.db.selectFrom('institutions').select('id').where('name', '=', 'Sin token').executeTakeFirst(),
      ).toBeUndefined();
    });
  });

  describe('an editor', () => {
    it('cannot register, edit or remove institutions, even in their own country', async () => {
      const own = await makeInstitution(t.db, { country_iso3: 'URY', name: 'Propia del editor' });
      const page = await t.app.inject({
        url: '/en/countries/URY/institutions/new',
        headers: { cookie: asEditorUry.cookie },
      });
      expect(page.statusCode).toBe(403);
      const body = form({ _csrf: asEditorUry.csrf, name: 'Institución del editor' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/en/countries/URY/institutions',
        headers: { ...body.headers, cookie: asEditorUry.cookie },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(403);
      const bearer = await bearerFor(t, editorUry);
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/URY/institutions',
        headers: bearer,
        payload: { name: 'Institución del editor' },
      });
      expect(api.statusCode).toBe(403);
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${own.id}`,
        headers: bearer,
        payload: { canPublish: false },
      });
      expect(patch.statusCode).toBe(403);
      expect(
        await t.db
          .selectFrom('institutions')
          .select('id')
          .where('name', '=', 'Institución del editor')
          .executeTakeFirst(),
      ).toBeUndefined();
      await unchanged(own);
    });
  });

  describe('anonymous visitors', () => {
    it('are sent to sign in from the forms and get 401 from the API', async () => {
      const page = await t.app.inject({ url: '/fr/countries/URY/institutions/new' });
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/fr/login?next=%2Fcountries%2FURY%2Finstitutions%2Fnew');
      const api = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/institutions/${chl.id}`,
      });
      // Without a session there is no CSRF token either: the write is refused.
      expect([401, 403]).toContain(api.statusCode);
      await unchanged(chl);
    });
  });

  describe('the Secretariat through the API', () => {
    it('registers, edits, removes and restores an institution of any country', async () => {
      const bearer = await bearerFor(t, secretariat);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/JAM/institutions',
        headers: bearer,
        payload: {
          name: 'Ministry of Labour and Social Security',
          acronym: 'MLSS',
          website: 'https://www.mlss.gov.jm',
        },
      });
      expect(created.statusCode).toBe(201);
      const inst = created.json();
      expect(inst).toMatchObject({ countryIso3: 'JAM', acronym: 'MLSS', canPublish: false, deletedAt: null });

      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${inst.id}`,
        headers: bearer,
        payload: { canPublish: true, website: null },
      });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({
        canPublish: true,
        website: null,
        name: 'Ministry of Labour and Social Security',
      });

      const bad = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${inst.id}`,
        headers: { ...bearer, 'accept-language': 'en' },
        payload: { website: 'ftp://example.org' },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].field).toBe('website');

      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/institutions/${inst.id}`, headers: bearer }))
          .statusCode,
      ).toBe(204);
      const live = (
        await t.app.inject({ url: '/api/v1/countries/JAM/institutions', headers: bearer })
      ).json();
      expect(live.map((i: { id: number }) => i.id)).not.toContain(inst.id);
      const all = (
        await t.app.inject({ url: '/api/v1/countries/JAM/institutions?includeRemoved=true', headers: bearer })
      ).json();
      expect(all.find((i: { id: number }) => i.id === inst.id).deletedAt).toBeTruthy();
      // The public never sees removed institutions.
      const pub = (
        await t.app.inject({ url: '/api/v1/countries/JAM/institutions?includeRemoved=true' })
      ).json();
      expect(pub.map((i: { id: number }) => i.id)).not.toContain(inst.id);

      const restored = await t.app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${inst.id}/restore`,
        headers: bearer,
      });
      expect(restored.statusCode).toBe(200);
      expect(restored.json().deletedAt).toBeNull();
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${inst.id}/restore`,
        headers: bearer,
      });
      expect(again.statusCode).toBe(409);
    });
  });
});
