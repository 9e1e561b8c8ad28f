import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import {
  cookiesFrom,
  createTestApp,
  csrfFrom,
  form,
  type Login,
  loginAs,
  type TestApp,
} from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { search } from '../../platform/search/index.ts';
import { cooperationService, type ItemInput } from './service.ts';

/** A complete offer form, as a Chilean editor would fill it in. */
function offerForm(overrides: Record<string, string | string[]> = {}) {
  return {
    orig_locale: 'es',
    title_es: 'Capacitación en inspección del trabajo',
    description_es: 'Curso de **tres semanas** para inspectores.',
    themes: ['labour-inspection'],
    modality: 'training',
    languages: ['es', 'en'],
    duration: '3 semanas',
    cost_sharing: 'shared',
    contact_name: 'Diego Muñoz',
    contact_email: 'diego.munoz@mintrab.example',
    ...overrides,
  };
}

function requestInput(overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    origLocale: 'es',
    title: { es: 'Fortalecer la inspección laboral' },
    description: { es: 'Necesitamos formar a nuevos inspectores.' },
    themes: ['labour-inspection'],
    modality: 'training',
    languages: ['es'],
    timeframe: '2027',
    contactName: 'Lucía Pereira',
    contactEmail: 'lucia.pereira@mtss.example',
    ...overrides,
  };
}

function offerInput(overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    origLocale: 'en',
    title: { en: 'Labour inspection training' },
    description: { en: 'A course for inspectors.' },
    themes: ['labour-inspection'],
    modality: 'training',
    languages: ['en', 'es'],
    costSharing: 'shared',
    contactName: 'Contact',
    contactEmail: 'contact@example.org',
    ...overrides,
  };
}

describe('horizontal cooperation', () => {
  let t: TestApp;
  let chlEditor: User;
  let chlCoordinator: User;
  let uryCoordinator: User;
  let uryEditor: User;
  let htiCoordinator: User;
  let secretariat: User;
  let reader: User;
  let asChl: Login;
  let asChlCoord: Login;
  let asUry: Login;
  let asHti: Login;
  let asSecretariat: Login;
  let asReader: Login;

  beforeAll(async () => {
    t = await createTestApp();
    chlEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Diego Muñoz' });
    chlCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL', name: 'Camila Rojas' });
    uryCoordinator = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'URY',
      name: 'Lucía Pereira',
    });
    uryEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    htiCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'HTI' });
    secretariat = await makeUser(t.db, { role: 'secretariat' });
    reader = await makeUser(t.db, { role: 'reader' });
    asChl = await loginAs(t, chlEditor);
    asChlCoord = await loginAs(t, chlCoordinator);
    asUry = await loginAs(t, uryCoordinator);
    asHti = await loginAs(t, htiCoordinator);
    asSecretariat = await loginAs(t, secretariat);
    asReader = await loginAs(t, reader);
  });
  afterAll(() => t.close());

  const service = () => cooperationService(t.app.deps);

  async function postForm(url: string, login: Login | null, fields: Record<string, string | string[]>) {
    const body = form(login ? { ...fields, _csrf: login.csrf } : fields);
    return t.app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: { ...body.headers, ...(login ? { cookie: login.cookie } : {}) },
    });
  }

  async function item(id: number) {
    return t.db.selectFrom('cooperation_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  describe('offers and requests', () => {
    it('lets a Chilean editor publish an offer through the form, audited and searchable', async () => {
      const page = await t.app.inject({
        url: '/es/cooperation/offers/new',
        headers: { cookie: asChl.cookie },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Ofrecer cooperación');
      expect(page.body).toContain('<strong>País oferente:</strong> Chile');

      const res = await postForm(
        '/es/cooperation/offers/new',
        asChl,
        offerForm({ institution_id: String(chlEditor.institution_id) }),
      );
      expect(res.statusCode).toBe(303);
      const id = Number(
        /\/es\/cooperation\/offers\/(\d+)\?created=1$/.exec(res.headers.location as string)?.[1],
      );
      expect(id).toBeGreaterThan(0);

      const row = await item(id);
      expect(row.country_iso3).toBe('CHL');
      expect(row.institution_id).toBe(chlEditor.institution_id);
      expect(row.status).toBe('proposed');
      expect(row.languages).toBe('|en|es|');

      const shown = await t.app.inject({ url: `/es/cooperation/offers/${id}?created=1` });
      expect(shown.body).toContain('Capacitación en inspección del trabajo');
      expect(shown.body).toContain('<strong>tres semanas</strong>');
      expect(shown.body).toContain('Costos compartidos entre ambos países');

      const logged = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'cooperation.offer.create')
        .where('object_id', '=', String(id))
        .execute();
      expect(logged).toHaveLength(1);
      expect(logged[0]!.country_iso3).toBe('CHL');

      const found = await search(t.db, null, { q: 'inspección', type: 'cooperation_offer' });
      expect(found.hits.some((h) => h.type === 'cooperation_offer' && String(h.id) === String(id))).toBe(
        true,
      );
    });

    it('shows every problem of a bad form next to its field, in the reader language', async () => {
      const res = await postForm(
        '/fr/cooperation/offers/new',
        asChl,
        offerForm({
          title_es: '',
          themes: [],
          modality: '',
          contact_email: 'not-an-address',
          cost_sharing: '',
        }),
      );
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('class="error-summary"');
      expect(res.body).toContain('Saisissez un titre dans la langue de rédaction');
      expect(res.body).toContain('Choisissez au moins un thème prioritaire');
      expect(res.body).toContain('Choisissez la modalité');
      expect(res.body).toContain('Choisissez comment les frais sont partagés');
      expect(res.body).toContain('Saisissez une adresse électronique comme nom@exemple.org');
      // What was typed stays in the form.
      expect(res.body).toContain('not-an-address');
    });

    it('refuses a Uruguayan coordinator editing a Chilean offer, and leaves it unchanged', async () => {
      const id = await service().create(actorFromUser(chlEditor), 'offer', offerInput());
      const before = await item(id);

      const page = await t.app.inject({
        url: `/en/cooperation/offers/${id}/edit`,
        headers: { cookie: asUry.cookie },
      });
      expect(page.statusCode).toBe(403);
      const res = await postForm(`/en/cooperation/offers/${id}/edit`, asUry, {
        ...offerForm({ orig_locale: 'en', title_en: 'Hijacked' }),
      });
      expect(res.statusCode).toBe(403);
      const api = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/cooperation/offers/${id}`,
        headers: asUry.headers,
        payload: { title: { en: 'Hijacked' }, country: 'URY' },
      });
      expect(api.statusCode).toBe(403);
      const withdraw = await postForm(`/en/cooperation/offers/${id}/withdraw`, asUry, {});
      expect(withdraw.statusCode).toBe(403);
      expect(await item(id)).toEqual(before);

      // The page offers no edit button to them either.
      const shown = await t.app.inject({
        url: `/en/cooperation/offers/${id}`,
        headers: { cookie: asUry.cookie },
      });
      expect(shown.body).not.toContain(`/en/cooperation/offers/${id}/edit`);
    });

    it('lets the owning country edit, and nobody move an item into another country', async () => {
      const id = await service().create(actorFromUser(chlEditor), 'offer', offerInput());
      const res = await postForm(
        `/en/cooperation/offers/${id}/edit`,
        asChlCoord,
        offerForm({
          orig_locale: 'en',
          title_en: 'Inspection training, revised',
          description_en: 'Revised.',
          country_iso3: 'URY',
        }),
      );
      expect(res.statusCode).toBe(303);
      const row = await item(id);
      expect(row.country_iso3).toBe('CHL');
      expect(JSON.parse(row.title).en).toBe('Inspection training, revised');
      const api = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/cooperation/offers/${id}`,
        headers: asChl.headers,
        payload: { country: 'URY' },
      });
      expect(api.statusCode).toBe(403);
      expect((await item(id)).country_iso3).toBe('CHL');
    });

    it('brings a visitor who signs in from an item back to it, where the contact address shows', async () => {
      const id = await service().create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({ contactEmail: 'after.sign-in@mintrab.example' }),
      );
      const page = await t.app.inject({ url: `/es/cooperation/offers/${id}` });
      const link = /<a href="([^"]+)">inicie sesión para ver el correo electrónico<\/a>/.exec(page.body)?.[1];
      expect(link).toBeDefined();
      const signIn = await t.app.inject({ url: link!.replace(/&amp;/g, '&') });
      expect(signIn.statusCode).toBe(200);
      const action = /<form method="post" action="(\/es\/login[^"]*)"/
        .exec(signIn.body)?.[1]
        ?.replace(/&amp;/g, '&');
      const body = form({ _csrf: csrfFrom(signIn.body), email: reader.email, password: TEST_PASSWORD });
      const res = await t.app.inject({
        method: 'POST',
        url: action!,
        payload: body.payload,
        headers: { ...body.headers, cookie: cookiesFrom(signIn) },
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/es/cooperation/offers/${id}`);
      const back = await t.app.inject({
        url: res.headers.location as string,
        headers: { cookie: cookiesFrom(res) },
      });
      expect(back.body).toContain('mailto:after.sign-in@mintrab.example');
    });

    it('hides the contact e-mail address from visitors', async () => {
      const id = await service().create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({ contactEmail: 'hidden.person@mintrab.example' }),
      );
      const anon = await t.app.inject({ url: `/en/cooperation/offers/${id}` });
      expect(anon.statusCode).toBe(200);
      expect(anon.body).toContain('Contact');
      expect(anon.body).not.toContain('hidden.person@mintrab.example');
      expect(anon.body).toContain('sign in to see the e-mail address');
      const member = await t.app.inject({
        url: `/en/cooperation/offers/${id}`,
        headers: { cookie: asReader.cookie },
      });
      expect(member.body).toContain('mailto:hidden.person@mintrab.example');

      const apiAnon = await t.app.inject({ url: `/api/v1/cooperation/offers/${id}` });
      expect(apiAnon.json().contact).toEqual({ name: 'Contact', email: null });
      const apiMember = await t.app.inject({
        url: `/api/v1/cooperation/offers/${id}`,
        headers: asReader.headers,
      });
      expect(apiMember.json().contact.email).toBe('hidden.person@mintrab.example');
      const list = await t.app.inject({ url: '/api/v1/cooperation/offers' });
      expect(list.body).not.toContain('hidden.person@mintrab.example');
    });

    it('withdraws softly: gone for the public, restorable by the Secretariat', async () => {
      const id = await service().create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({ title: { en: 'Short-lived offer' } }),
      );
      const res = await postForm(`/en/cooperation/offers/${id}/withdraw`, asChl, {});
      expect(res.statusCode).toBe(303);
      expect((await t.app.inject({ url: `/en/cooperation/offers/${id}` })).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/en/cooperation' })).body).not.toContain('Short-lived offer');
      const seen = await t.app.inject({
        url: `/en/cooperation/offers/${id}`,
        headers: { cookie: asSecretariat.cookie },
      });
      expect(seen.statusCode).toBe(200);
      expect(seen.body).toContain('Withdrawn on');
      // For everyone but the Secretariat a withdrawn item does not exist.
      expect((await postForm(`/en/cooperation/offers/${id}/restore`, asChl, {})).statusCode).toBe(404);
      expect((await postForm(`/en/cooperation/offers/${id}/restore`, asSecretariat, {})).statusCode).toBe(
        303,
      );
      expect((await t.app.inject({ url: `/en/cooperation/offers/${id}` })).statusCode).toBe(200);
      const actions = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', String(id))
        .where('object_type', '=', 'cooperation_offer')
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'cooperation.offer.create',
        'cooperation.offer.withdraw',
        'cooperation.offer.restore',
      ]);
    });

    it('does not let a reader or a visitor publish', async () => {
      expect((await postForm('/en/cooperation/requests/new', asReader, offerForm())).statusCode).toBe(403);
      expect((await postForm('/en/cooperation/requests/new', null, offerForm())).statusCode).toBe(403);
      const page = await t.app.inject({ url: '/en/cooperation/requests/new' });
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toContain('/en/login?next=');
    });
  });

  describe('matching', () => {
    it('pairs offers and requests on a shared theme, scores the fit and excludes the same country', async () => {
      const s = service();
      const request = await s.create(
        actorFromUser(htiCoordinator),
        'request',
        requestInput({
          title: { fr: 'Emploi des jeunes' },
          description: { fr: 'Besoin d’appui.' },
          origLocale: 'fr',
          themes: ['youth-employment', 'labour-training'],
          modality: 'internship',
          languages: ['fr', 'es'],
        }),
      );
      const good = await s.create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({
          title: { en: 'Youth internships' },
          themes: ['youth-employment', 'labour-training'],
          modality: 'internship',
          languages: ['es'],
        }),
      );
      const weaker = await s.create(
        actorFromUser(uryCoordinator),
        'offer',
        offerInput({
          title: { en: 'Youth guidance' },
          themes: ['youth-employment'],
          modality: 'virtual_assistance',
          languages: ['en'],
        }),
      );
      const sameCountry = await s.create(
        actorFromUser(htiCoordinator),
        'offer',
        offerInput({
          title: { en: 'Haitian youth offer' },
          themes: ['youth-employment'],
        }),
      );
      const otherTheme = await s.create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({
          title: { en: 'Child labour expertise' },
          themes: ['child-labour'],
        }),
      );

      const res = await t.app.inject({ url: `/api/v1/cooperation/matches?request=${request}` });
      expect(res.statusCode).toBe(200);
      const matches = res.json().matches as {
        offer: { id: number };
        score: number;
        sharedThemes: string[];
        modalityMatch: boolean;
        commonLanguages: string[];
      }[];
      expect(matches.map((m) => m.offer.id)).toEqual([good, weaker]);
      expect(matches[0]).toMatchObject({
        score: 3 + 3 + 2 + 1,
        modalityMatch: true,
        commonLanguages: ['es'],
      });
      expect(matches[0]!.sharedThemes.sort()).toEqual(['labour-training', 'youth-employment']);
      expect(matches[1]).toMatchObject({ score: 3, modalityMatch: false, commonLanguages: [] });
      expect(matches.map((m) => m.offer.id)).not.toContain(sameCountry);
      expect(matches.map((m) => m.offer.id)).not.toContain(otherTheme);

      // And the other way round: the offer's page suggests the request.
      const offerMatches = await t.app.inject({ url: `/api/v1/cooperation/matches?offer=${good}` });
      expect(offerMatches.json().matches.map((m: { request: { id: number } }) => m.request.id)).toContain(
        request,
      );
      const page = await t.app.inject({ url: `/en/cooperation/requests/${request}` });
      expect(page.body).toContain('Offers that could answer this request');
      expect(page.body).toContain('Youth internships');
      expect(page.body).not.toContain('Haitian youth offer');
      const registry = await t.app.inject({ url: '/en/cooperation' });
      expect(registry.body).toContain('Suggested matches');
    });

    it('tells the coordinator of a country whose open request a new offer matches', async () => {
      const s = service();
      await s.create(
        actorFromUser(uryEditor),
        'request',
        requestInput({ themes: ['informality'], title: { es: 'Formalización' } }),
      );
      const before = await t.db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', uryCoordinator.id)
        .where('kind', '=', 'cooperation.match')
        .execute();
      await s.create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({ themes: ['informality'], title: { en: 'Formalisation toolkit' } }),
      );
      const after = await t.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', uryCoordinator.id)
        .where('kind', '=', 'cooperation.match')
        .execute();
      expect(after.length).toBe(before.length + 1);
      expect(JSON.parse(after.at(-1)!.params)).toMatchObject({
        title: 'Formalisation toolkit',
        request: 'Formalización',
      });
    });
  });

  describe('interest and the status workflow', () => {
    it('goes from interest to agreement, progress and completion with an outcome report', async () => {
      const id = await service().create(
        actorFromUser(chlEditor),
        'offer',
        offerInput({ title: { en: 'Inspection exchange' } }),
      );

      // The owner cannot be interested in its own offer.
      const own = await postForm(`/en/cooperation/offers/${id}/interest`, asChlCoord, { message: 'Us too' });
      expect(own.statusCode).toBe(403);

      const interest = await postForm(`/en/cooperation/offers/${id}/interest`, asUry, {
        message: 'Uruguay would send four inspectors in March.',
      });
      expect(interest.statusCode).toBe(303);
      const notified = await t.db
        .selectFrom('notifications')
        .select(['user_id', 'kind'])
        .where('kind', '=', 'cooperation.interest')
        .where('url', '=', `/cooperation/offers/${id}`)
        .execute();
      expect(notified.map((n) => n.user_id).sort()).toEqual([chlEditor.id, chlCoordinator.id].sort());
      const centre = await t.app.inject({ url: '/es/notifications', headers: { cookie: asChlCoord.cookie } });
      expect(centre.body).toContain('Un país se interesa por su oferta «Inspection exchange»');

      // The owner sees the message; a third country does not.
      const ownerView = await t.app.inject({
        url: `/en/cooperation/offers/${id}`,
        headers: { cookie: asChl.cookie },
      });
      expect(ownerView.body).toContain('Uruguay would send four inspectors in March.');
      const thirdView = await t.app.inject({
        url: `/en/cooperation/offers/${id}`,
        headers: { cookie: asHti.cookie },
      });
      expect(thirdView.body).not.toContain('Uruguay would send four inspectors');
      expect(thirdView.body).toContain('1 country has expressed interest.');

      // Agreeing needs a partner among the interested countries.
      const noPartner = await postForm(`/en/cooperation/offers/${id}/status`, asChl, { status: 'agreed' });
      expect(noPartner.statusCode).toBe(422);
      expect(noPartner.body).toContain('Choose the partner country');
      const wrongPartner = await postForm(`/en/cooperation/offers/${id}/status`, asChl, {
        status: 'agreed',
        partner_country_iso3: 'HTI',
      });
      expect(wrongPartner.statusCode).toBe(422);
      expect(wrongPartner.body).toContain('Choose a country that expressed interest');
      // The interested country cannot agree on the owner's behalf.
      expect(
        (
          await postForm(`/en/cooperation/offers/${id}/status`, asUry, {
            status: 'agreed',
            partner_country_iso3: 'URY',
          })
        ).statusCode,
      ).toBe(403);

      const agreed = await postForm(`/en/cooperation/offers/${id}/status`, asChl, {
        status: 'agreed',
        partner_country_iso3: 'URY',
        note: 'Signed on 2 March.',
      });
      expect(agreed.statusCode).toBe(303);
      expect(await item(id)).toMatchObject({ status: 'agreed', partner_country_iso3: 'URY' });

      // Now the partner too may record progress.
      const started = await postForm(`/en/cooperation/offers/${id}/status`, asUry, { status: 'in_progress' });
      expect(started.statusCode).toBe(303);

      const noReport = await postForm(`/en/cooperation/offers/${id}/status`, asChl, { status: 'completed' });
      expect(noReport.statusCode).toBe(422);
      expect(noReport.body).toContain('Describe the results');
      expect(noReport.body).toContain('Say who took part');
      expect(noReport.body).toContain('Describe the lessons learned');
      expect((await item(id)).status).toBe('in_progress');

      const done = await postForm(`/en/cooperation/offers/${id}/status`, asChl, {
        status: 'completed',
        outcome_locale: 'en',
        outcome_results: '12 inspectors *trained*.',
        outcome_participants: 'MTSS and MINTRAB inspectors.',
        outcome_lessons: 'Plan the visits before the harvest season.',
      });
      expect(done.statusCode).toBe(303);
      const row = await item(id);
      expect(row.status).toBe('completed');
      expect(JSON.parse(row.outcome_results!)).toEqual({ en: '12 inspectors *trained*.' });

      const page = await t.app.inject({ url: `/es/cooperation/offers/${id}` });
      expect(page.body).toContain('Informe de resultados');
      expect(page.body).toContain('12 inspectors <em>trained</em>.');
      expect(page.body).toContain('Signed on 2 March.');

      const history = await t.db
        .selectFrom('cooperation_status_history')
        .select(['from_status', 'to_status', 'partner_country_iso3'])
        .where('item_id', '=', id)
        .orderBy('id')
        .execute();
      expect(history.map((h) => `${h.from_status}>${h.to_status}`)).toEqual([
        'null>proposed',
        'proposed>agreed',
        'agreed>in_progress',
        'in_progress>completed',
      ]);
      const audited = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'cooperation.offer.status')
        .where('object_id', '=', String(id))
        .execute();
      expect(audited).toHaveLength(3);
      // Both parties hear about each step.
      const statusNotes = await t.db
        .selectFrom('notifications')
        .select('user_id')
        .where('kind', '=', 'cooperation.status')
        .where('url', '=', `/cooperation/offers/${id}`)
        .execute();
      expect(new Set(statusNotes.map((n) => n.user_id))).toEqual(
        new Set([chlEditor.id, chlCoordinator.id, uryCoordinator.id]),
      );

      // Nothing moves after completion.
      const again = await postForm(`/en/cooperation/offers/${id}/status`, asChl, { status: 'cancelled' });
      expect(again.statusCode).toBe(409);
    });

    it('refuses transitions that skip a step', async () => {
      const id = await service().create(actorFromUser(chlEditor), 'offer', offerInput());
      for (const status of ['in_progress', 'completed', 'bogus']) {
        const res = await postForm(`/en/cooperation/offers/${id}/status`, asChl, {
          status,
          outcome_results: 'x',
          outcome_participants: 'x',
          outcome_lessons: 'x',
        });
        expect(res.statusCode).toBe(422);
        expect(res.body).toContain('a status cannot be skipped');
      }
      await service().expressInterest(actorFromUser(uryCoordinator), 'offer', id, 'Interested');
      await service().changeStatus(actorFromUser(chlEditor), 'offer', id, {
        status: 'agreed',
        partnerCountry: 'URY',
      });
      const skip = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cooperation/offers/${id}/status`,
        headers: asChl.headers,
        payload: { status: 'completed', outcome: { results: 'x', participants: 'x', lessons: 'x' } },
      });
      expect(skip.statusCode).toBe(422);
      expect(skip.json().errors[0].field).toBe('status');
      expect((await item(id)).status).toBe('agreed');
      // Cancelling is always one step.
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cooperation/offers/${id}/status`,
        headers: asChl.headers,
        payload: { status: 'cancelled', note: 'Budget cut' },
      });
      expect(cancel.statusCode).toBe(200);
      expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    });
  });

  describe('registry and table', () => {
    let t2: TestApp;
    beforeAll(async () => {
      t2 = await createTestApp();
      const chl = actorFromUser(await makeUser(t2.db, { role: 'editor', country_iso3: 'CHL' }));
      const bra = actorFromUser(await makeUser(t2.db, { role: 'coordinator', country_iso3: 'BRA' }));
      const jam = actorFromUser(await makeUser(t2.db, { role: 'coordinator', country_iso3: 'JAM' }));
      const s = cooperationService(t2.app.deps);
      await s.create(
        chl,
        'offer',
        offerInput({
          title: { en: 'Inspection course' },
          themes: ['labour-inspection', 'occupational-safety-health'],
        }),
      );
      await s.create(
        chl,
        'offer',
        offerInput({
          title: { en: 'Safety audits' },
          themes: ['occupational-safety-health'],
          modality: 'expert_visit',
          languages: ['es'],
        }),
      );
      await s.create(
        bra,
        'offer',
        offerInput({
          title: { pt: 'Visita ao SINE' },
          origLocale: 'pt',
          description: { pt: 'Visita.' },
          themes: ['employment-services'],
          modality: 'study_tour',
          languages: ['pt'],
        }),
      );
      await s.create(
        jam,
        'request',
        requestInput({
          title: { en: 'Labour market survey help' },
          origLocale: 'en',
          description: { en: 'Help.' },
          themes: ['labour-market-information'],
          modality: null,
          languages: ['en'],
        }),
      );
      await s.create(
        jam,
        'request',
        requestInput({
          title: { en: 'Inspection help' },
          origLocale: 'en',
          description: { en: 'Help.' },
          themes: ['labour-inspection'],
          languages: ['en'],
        }),
      );
    });
    afterAll(() => t2.close());

    it.each([
      ['', 5, ['Inspection course', 'Visita ao SINE', 'Labour market survey help']],
      ['?kind=offer', 3, ['Inspection course', 'Safety audits', 'Visita ao SINE']],
      ['?kind=request', 2, ['Labour market survey help', 'Inspection help']],
      ['?theme=occupational-safety-health', 2, ['Inspection course', 'Safety audits']],
      ['?modality=study_tour', 1, ['Visita ao SINE']],
      ['?country=jam', 2, ['Inspection help']],
      ['?lang=pt', 1, ['Visita ao SINE']],
      ['?status=proposed&kind=request&theme=labour-inspection', 1, ['Inspection help']],
      ['?status=completed', 0, []],
    ])('filters the registry %s', async (query, count, titles) => {
      const res = await t2.app.inject({ url: `/en/cooperation${query}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(count === 0 ? 'Nothing found' : count === 1 ? '1 item' : `${count} items`);
      for (const title of titles) expect(res.body).toContain(title);
      const api = await t2.app.inject({
        url: `/api/v1/cooperation/${query.includes('kind=request') ? 'requests' : 'offers'}${query.replace(/kind=(offer|request)&?/, '')}`,
      });
      expect(api.statusCode).toBe(200);
    });

    it('paginates a long registry', async () => {
      const jam = actorFromUser(await makeUser(t2.db, { role: 'editor', country_iso3: 'JAM' }));
      const s = cooperationService(t2.app.deps);
      for (let i = 0; i < 21; i++)
        await s.create(
          jam,
          'request',
          requestInput({
            title: { en: `Extra request ${i}` },
            origLocale: 'en',
            description: { en: 'x' },
            themes: ['social-protection'],
          }),
        );
      const first = await t2.app.inject({ url: '/en/cooperation?theme=social-protection' });
      expect(first.body).toContain('21 items');
      expect(first.body).toContain('Page 1 of 2');
      const second = await t2.app.inject({ url: '/en/cooperation?theme=social-protection&page=2' });
      expect(second.body).toContain('Extra request 0');
      expect(second.body).not.toContain('Extra request 20');
      const api = await t2.app.inject({
        url: '/api/v1/cooperation/requests?theme=social-protection&perPage=5&page=5',
      });
      expect(api.json()).toMatchObject({ total: 21, page: 5, perPage: 5 });
      expect(api.json().items).toHaveLength(1);
    });

    it('counts offers and requests per country and theme, each cell linking to the filtered list', async () => {
      const res = await t2.app.inject({ url: '/en/cooperation/table' });
      expect(res.statusCode).toBe(200);
      const html = res.body;
      expect(html).toContain('<caption id="coop-table-caption">');
      expect(html).toMatch(/<th scope="row">Chile<\/th>/);
      expect(html).toMatch(/<th scope="col">Occupational safety and health<\/th>/);
      // Chile: 2 offers on safety and health, 1 on inspection; 2 offers in all.
      expect(html).toContain(
        'href="/en/cooperation?country=CHL&amp;theme=occupational-safety-health&amp;kind=offer"',
      );
      expect(html).toMatch(/theme=occupational-safety-health&amp;kind=offer"[^>]*>2 offers</);
      expect(html).toMatch(/country=CHL&amp;theme=labour-inspection&amp;kind=offer"[^>]*>1 offer</);
      expect(html).toMatch(/country=CHL&amp;kind=offer"[^>]*>2 offers</);
      expect(html).toMatch(/country=JAM&amp;theme=labour-inspection&amp;kind=request"[^>]*>1 request</);

      const api = await t2.app.inject({ url: '/api/v1/cooperation/table' });
      const body = api.json();
      expect(body.cells).toContainEqual({
        country: 'CHL',
        theme: 'occupational-safety-health',
        offers: 2,
        requests: 0,
      });
      expect(body.cells).toContainEqual({
        country: 'JAM',
        theme: 'labour-inspection',
        offers: 0,
        requests: 1,
      });
      expect(body.totals).toContainEqual({ country: 'CHL', offers: 2, requests: 0 });
      const none = await t2.app.inject({ url: '/api/v1/cooperation/table?status=completed' });
      expect(none.json()).toEqual({ cells: [], totals: [] });
    });

    it('shows offers and requests on the country page and the theme page, and in the site map', async () => {
      const country = await t2.app.inject({ url: '/en/countries/CHL' });
      expect(country.statusCode).toBe(200);
      expect(country.body).toContain('Offered by Chile');
      expect(country.body).toContain('Safety audits');
      const theme = await t2.app.inject({ url: '/en/themes/employment-services' });
      expect(theme.statusCode).toBe(200);
      expect(theme.body).toContain('Cooperation offers and requests');
      expect(theme.body).toContain('Visita ao SINE');
      const sitemap = await t2.app.inject({ url: '/sitemap.xml' });
      expect(sitemap.body).toContain('/en/cooperation/table');
      expect(sitemap.body).toMatch(/\/en\/cooperation\/offers\/\d+/);
    });
  });

  describe('API', () => {
    it('creates, reads, changes and moves offers and requests as the caller', async () => {
      const anon = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cooperation/offers',
        headers: { cookie: 'sismel_csrf=anon-token', 'x-csrf-token': 'anon-token' },
        payload: {},
      });
      expect(anon.statusCode).toBe(401);

      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cooperation/requests',
        headers: asUry.headers,
        payload: {
          origLocale: 'es',
          title: { es: 'Servicios de empleo en línea' },
          description: { es: 'Queremos aprender de otros portales.' },
          themes: ['employment-services'],
          languages: ['es', 'other'],
          otherLanguages: 'Guaraní',
          timeframe: '2027',
        },
      });
      expect(created.statusCode).toBe(201);
      const request = created.json();
      expect(request).toMatchObject({
        kind: 'request',
        country: 'URY',
        status: 'proposed',
        languages: ['es', 'other'],
        otherLanguages: 'Guaraní',
        contact: { name: 'Lucía Pereira', email: uryCoordinator.email },
      });

      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cooperation/offers',
        headers: asChl.headers,
        payload: {
          origLocale: 'en',
          title: { en: 'No themes' },
          description: { en: 'x' },
          languages: ['en'],
        },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['themes', 'modality', 'cost_sharing']),
      );

      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cooperation/offers',
        headers: asChl.headers,
        payload: { ...offerApiBody(), country: 'URY' },
      });
      expect(forged.statusCode).toBe(403);

      const offer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cooperation/offers',
        headers: asChl.headers,
        payload: offerApiBody(),
      });
      expect(offer.statusCode).toBe(201);
      const offerId = offer.json().id as number;

      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/cooperation/offers/${offerId}`,
        headers: asChl.headers,
        payload: { duration: '2 weeks' },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ duration: '2 weeks', modality: 'study_tour' });

      const wrongKind = await t.app.inject({ url: `/api/v1/cooperation/requests/${offerId}` });
      expect(wrongKind.statusCode).toBe(404);

      const interest = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cooperation/offers/${offerId}/interest`,
        headers: asUry.headers,
        payload: { message: 'Interesa a INEFOP.' },
      });
      expect(interest.statusCode).toBe(201);
      expect(interest.json()).toMatchObject({
        interestCount: 1,
        interests: [{ country: 'URY', message: 'Interesa a INEFOP.' }],
      });
      const ownInterest = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cooperation/offers/${offerId}/interest`,
        headers: asChl.headers,
        payload: { message: 'x' },
      });
      expect(ownInterest.statusCode).toBe(403);

      const forgedStatus = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cooperation/offers/${offerId}/status`,
        headers: asHti.headers,
        payload: { status: 'cancelled' },
      });
      expect(forgedStatus.statusCode).toBe(403);

      const agreed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cooperation/offers/${offerId}/status`,
        headers: asChl.headers,
        payload: { status: 'agreed', partnerCountry: 'URY' },
      });
      expect(agreed.statusCode).toBe(200);
      expect(agreed.json()).toMatchObject({ status: 'agreed', partnerCountry: 'URY' });
      expect(agreed.json().history.map((h: { to: string }) => h.to)).toEqual(['proposed', 'agreed']);

      const listed = await t.app.inject({ url: '/api/v1/cooperation/offers?status=agreed&country=chl' });
      expect(listed.json().items.map((i: { id: number }) => i.id)).toContain(offerId);

      const openapi = await t.app.inject({ url: '/api/openapi.json' });
      const paths = Object.keys(openapi.json().paths);
      for (const p of [
        '/api/v1/cooperation/offers',
        '/api/v1/cooperation/offers/{id}',
        '/api/v1/cooperation/requests',
        '/api/v1/cooperation/requests/{id}',
        '/api/v1/cooperation/{kind}/{id}/interest',
        '/api/v1/cooperation/{kind}/{id}/status',
        '/api/v1/cooperation/matches',
        '/api/v1/cooperation/table',
      ])
        expect(paths).toContain(p);
    });
  });
});

function offerApiBody() {
  return {
    origLocale: 'pt',
    title: { pt: 'Visita de estudo ao SINE' },
    description: { pt: 'Uma semana com as equipes do SINE.' },
    themes: ['employment-services'],
    modality: 'study_tour',
    languages: ['pt', 'es'],
    duration: '1 semana',
    costSharing: 'requesting_country',
    contactName: 'João Oliveira',
    contactEmail: 'joao@mte.example',
  };
}
