import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, type TestDatabase } from '../../../test/helpers.ts';
import { connect } from '../../db/connection.ts';
import type { Actor } from '../auth/actor.ts';
import { analyze, analyzeQuery, fold, parseQuery } from './analyzer.ts';
import {
  indexEntries,
  indexEntry,
  removeFromIndex,
  replaceEntries,
  type SearchEntry,
  type SearchResults,
  search,
  segmentsToHtml,
  segmentsToText,
} from './index.ts';

function actor(role: Actor['role'], countryIso3: string | null = null): Actor {
  return {
    id: 1,
    email: `${role}@example.org`,
    name: role,
    role,
    countryIso3,
    institutionId: null,
    locale: 'en',
    timezone: 'UTC',
    totpEnabled: false,
  };
}

const entry = (
  e: Partial<SearchEntry> & Pick<SearchEntry, 'id' | 'locale' | 'title' | 'body'>,
): SearchEntry => ({
  type: 'document',
  url: `/documents/${e.id}`,
  visibility: 'public',
  ...e,
});

const ids = (r: SearchResults) => r.hits.map((h) => `${h.type}:${h.id}:${h.locale}`);

describe('text analysis', () => {
  it('folds accents and case', () => {
    expect(fold('Formación')).toBe('formacion');
    expect(fold('SÉCURITÉ')).toBe('securite');
    expect(fold('Straße')).toBe('strasse');
  });

  it.each([
    ['es', 'formacion', 'formación'],
    ['es', 'trabajadores', 'trabajador'],
    ['es', 'inspección', 'INSPECCION'],
    ['en', 'employers', 'employer'],
    ['en', 'apprentices', 'apprentice'],
    ['fr', 'travailleurs', 'travailleur'],
    ['fr', 'securite', 'sécurité'],
    ['pt', 'formacao', 'formação'],
    ['pt', 'trabalhadores', 'trabalhador'],
  ] as const)('in %s, "%s" and "%s" give the same term', (locale, a, b) => {
    expect(analyze(a, locale)).toEqual(analyze(b, locale));
    expect(analyze(a, locale)).toHaveLength(1);
  });

  it('drops stop words of the language and keeps numbers whole', () => {
    expect(analyze('Ley de Seguridad y Salud en el Trabajo 29783', 'es')).toEqual([
      'ley',
      'segur',
      'salud',
      'trabaj',
      '29783',
    ]);
    expect(analyze('The right to work', 'en')).toEqual(['right', 'work']);
  });

  it('reads quoted phrases, words and joined words', () => {
    expect(parseQuery('salud "seguridad en el trabajo" C-13')).toEqual([
      { words: ['salud'], phrase: false },
      { words: ['seguridad', 'en', 'el', 'trabajo'], phrase: true },
      { words: ['C', '13'], phrase: true },
    ]);
    expect(analyzeQuery(parseQuery('"seguridad en el trabajo" the'), 'es')).toEqual([
      ['segur', 'trabaj'],
      ['the'],
    ]);
    expect(analyzeQuery(parseQuery('the of'), 'en')).toEqual([]);
  });
});

describe('search', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.transaction().execute((trx) =>
      indexEntries(trx, [
        entry({
          id: 1,
          locale: 'es',
          title: 'Programa de formación profesional',
          body: 'El programa ofrece formación a los trabajadores del sector rural. Seguridad y salud en el trabajo. Publicado en SISMEL.',
          date: '2024-05-01',
          countryIso3: 'URY',
          themes: ['employment', 'skills'],
          section: 'reports',
          kind: 'report',
        }),
        entry({
          id: 2,
          locale: 'es',
          title: 'Informe sobre salud',
          body: 'La salud de cada trabajador y la seguridad industrial son temas distintos.',
          date: '2023-02-10',
          countryIso3: 'CHL',
          themes: ['ohs'],
          section: 'reports',
        }),
        entry({
          id: 3,
          locale: 'en',
          title: 'Employer obligations',
          body: 'Every employer shall keep records of hours of work. Employers report to the inspectorate.',
          date: '2022-01-01',
          countryIso3: 'CAN',
          themes: ['ohs'],
          section: 'laws',
        }),
        entry({
          id: 4,
          locale: 'fr',
          title: 'La formation des travailleurs',
          body: 'Santé et sécurité au travail : chaque travailleur reçoit une formation (SISMEL).',
          date: '2021-06-30',
          countryIso3: 'HTI',
          section: 'laws',
        }),
        entry({
          id: 5,
          locale: 'pt',
          title: 'Formação profissional',
          body: 'Os trabalhadores têm direito à formação e à segurança no trabalho. Fonte: SISMEL.',
          date: '2020-03-03',
          countryIso3: 'BRA',
        }),
        entry({
          id: 6,
          locale: 'es',
          title: 'Borrador confidencial de reforma salarial',
          body: 'Propuesta reservada sobre salarios mínimos para miembros.',
          visibility: 'members',
          date: '2024-01-01',
        }),
        entry({
          id: 7,
          locale: 'es',
          title: 'Nota interna uruguaya sobre salarios',
          body: 'Documento de trabajo interno sobre salarios del Uruguay.',
          visibility: 'country',
          countryIso3: 'URY',
          date: '2024-02-01',
          themes: ['wages'],
        }),
      ]),
    );
  });
  afterAll(() => t.close());

  it('finds accented words typed without accents, in each language', async () => {
    expect(ids(await search(t.db, null, { q: 'formacion' }))).toEqual(['document:1:es']);
    expect(ids(await search(t.db, null, { q: 'FORMACAO' }))).toEqual(['document:5:pt']);
    expect(ids(await search(t.db, null, { q: 'formations' }))).toEqual(['document:4:fr']);
    expect(ids(await search(t.db, null, { q: 'sécurité', lang: 'fr' }))).toEqual(['document:4:fr']);
  });

  it('finds other forms of a word through stemming', async () => {
    expect(ids(await search(t.db, null, { q: 'trabajadores' })).sort()).toEqual([
      'document:1:es',
      'document:2:es',
    ]);
    expect(ids(await search(t.db, null, { q: 'employers' }))).toEqual(['document:3:en']);
    expect(ids(await search(t.db, null, { q: 'travailleur' }))).toEqual(['document:4:fr']);
    expect(ids(await search(t.db, null, { q: 'trabalhador' }))).toEqual(['document:5:pt']);
  });

  it('narrows with every word (AND)', async () => {
    expect((await search(t.db, null, { q: 'salud' })).total).toBe(2);
    expect(ids(await search(t.db, null, { q: 'salud rural' }))).toEqual(['document:1:es']);
    expect((await search(t.db, null, { q: 'salud inexistente' })).total).toBe(0);
  });

  it('matches quoted phrases only where the words stand together', async () => {
    const r = await search(t.db, null, { q: '"seguridad y salud"' });
    expect(ids(r)).toEqual(['document:1:es']);
    expect(segmentsToHtml(r.hits[0]!.snippet)).toContain('<mark>Seguridad y salud</mark>');
    // Both words are in document 2, but apart.
    expect((await search(t.db, null, { q: 'seguridad salud' })).total).toBe(2);
  });

  it('marks the matches in snippets and titles, from the original text, escaped', async () => {
    await t.db.transaction().execute((trx) =>
      indexEntry(
        trx,
        entry({
          id: 90,
          locale: 'en',
          title: 'Apprentices <script>',
          body: 'Loans for an apprentice & <b>trades</b>.',
        }),
      ),
    );
    const r = await search(t.db, null, { q: 'apprentice' });
    const hit = r.hits.find((h) => h.id === '90')!;
    expect(segmentsToHtml(hit.titleSegments)).toBe('<mark>Apprentices</mark> &lt;script&gt;');
    expect(segmentsToHtml(hit.snippet)).toBe(
      'Loans for an <mark>apprentice</mark> &amp; &lt;b&gt;trades&lt;/b&gt;.',
    );
    await t.db.transaction().execute((trx) => removeFromIndex(trx, 'document', 90));
    expect((await search(t.db, null, { q: 'apprentice' })).total).toBe(0);
  });

  it('counts facets, each under the other filters', async () => {
    const r = await search(t.db, null, { q: 'trabajo' });
    // es: 1, 2 (trabajador → trabaj), es 7 is country-only; fr/pt/en use their own stems.
    expect(r.total).toBe(2);
    const all = await search(t.db, null, { q: 'sismel', lang: 'es' });
    expect(all.total).toBe(1);
    expect(all.facets.lang).toEqual([
      { value: 'es', count: 1, selected: true },
      { value: 'fr', count: 1, selected: false },
      { value: 'pt', count: 1, selected: false },
    ]);
    expect(all.facets.theme.map((f) => [f.value, f.count])).toEqual([
      ['employment', 1],
      ['skills', 1],
    ]);
    const salud = await search(t.db, null, { q: 'salud' });
    expect(salud.facets.country.map((f) => [f.value, f.count])).toEqual([
      ['CHL', 1],
      ['URY', 1],
    ]);
    expect(salud.facets.year.map((f) => f.value)).toEqual(['2024', '2023']);
    expect(salud.facets.section).toEqual([{ value: 'reports', count: 2, selected: false }]);
    const chile = await search(t.db, null, { q: 'salud', country: 'CHL' });
    expect(ids(chile)).toEqual(['document:2:es']);
    const themed = await search(t.db, null, { q: 'salud', theme: 'ohs' });
    expect(ids(themed)).toEqual(['document:2:es']);
    expect((await search(t.db, null, { q: 'salud', year: 2024 })).total).toBe(1);
    expect((await search(t.db, null, { q: 'salud', type: 'page' })).total).toBe(0);
  });

  it('sorts by date and pages through the results', async () => {
    const byDate = await search(t.db, null, { q: 'sismel', sort: 'date' });
    expect(ids(byDate)).toEqual(['document:1:es', 'document:4:fr', 'document:5:pt']);
    const page2 = await search(t.db, null, { q: 'sismel', sort: 'date', pageSize: 2, page: 2 });
    expect(page2.pages).toBe(2);
    expect(ids(page2)).toEqual(['document:5:pt']);
  });

  it('ranks a title match above a passing mention', async () => {
    const r = await search(t.db, null, { q: 'salud' });
    expect(ids(r)[0]).toBe('document:2:es');
  });

  describe('visibility', () => {
    const secret = ['confidencial', 'reservada', 'salarios'];
    const leaks = (r: SearchResults) =>
      JSON.stringify(r.hits.map((h) => [segmentsToText(h.titleSegments), segmentsToText(h.snippet)])).match(
        /confidencial|reservada|interna/i,
      );

    it('hides members-only and country-only entries from visitors: no title, snippet or count', async () => {
      for (const q of secret) {
        const r = await search(t.db, null, { q });
        expect(r.total).toBe(0);
        expect(r.hits).toEqual([]);
        expect(leaks(r)).toBeNull();
        expect(Object.values(r.facets).flat()).toEqual([]);
      }
    });

    it('shows members-only entries to signed-in users, and country-only ones only to their country', async () => {
      const chile = actor('editor', 'CHL');
      const r = await search(t.db, chile, { q: 'salarios' });
      expect(ids(r)).toEqual(['document:6:es']);
      expect(r.facets.theme).toEqual([]);
      expect(r.facets.country).toEqual([]);
      expect((await search(t.db, chile, { q: 'interna' })).total).toBe(0);
      expect((await search(t.db, actor('reader'), { q: 'interna' })).total).toBe(0);

      const uruguay = actor('reader', 'URY');
      const u = await search(t.db, uruguay, { q: 'salarios' });
      expect(ids(u).sort()).toEqual(['document:6:es', 'document:7:es']);
      expect(u.facets.theme).toEqual([{ value: 'wages', count: 1, selected: false }]);
      expect(segmentsToText(u.hits.find((h) => h.id === '7')!.titleSegments)).toContain('interna');
    });

    it('shows everything to the Secretariat and administrators', async () => {
      for (const role of ['secretariat', 'admin'] as const) {
        expect((await search(t.db, actor(role), { q: 'salarios' })).total).toBe(2);
      }
    });
  });

  it('replaces an entry in place and drops languages that are gone', async () => {
    await t.db.transaction().execute((trx) =>
      replaceEntries(trx, 'page', 'about', [
        {
          type: 'page',
          id: 'about',
          locale: 'en',
          title: 'About cooperation',
          body: 'Horizontal cooperation.',
          url: '/about',
          visibility: 'public',
        },
        {
          type: 'page',
          id: 'about',
          locale: 'es',
          title: 'Sobre la cooperación',
          body: 'Cooperación horizontal.',
          url: '/about',
          visibility: 'public',
        },
      ]),
    );
    expect((await search(t.db, null, { q: 'cooperacion' })).total).toBe(1);
    expect((await search(t.db, null, { q: 'cooperation' })).total).toBe(1);
    await t.db.transaction().execute((trx) =>
      replaceEntries(trx, 'page', 'about', [
        {
          type: 'page',
          id: 'about',
          locale: 'en',
          title: 'About us',
          body: 'Mutual help.',
          url: '/about',
          visibility: 'public',
        },
      ]),
    );
    expect((await search(t.db, null, { q: 'cooperacion' })).total).toBe(0);
    expect((await search(t.db, null, { q: 'cooperation' })).total).toBe(0);
    expect(ids(await search(t.db, null, { q: 'mutual' }))).toEqual(['page:about:en']);
  });

  it('matches a word that is also a language code in the texts only', async () => {
    // Entry 5 is in Portuguese ("pt") and entry 3 in English ("en"); neither text has the word.
    expect((await search(t.db, null, { q: 'pt' })).total).toBe(0);
    expect((await search(t.db, null, { q: 'en employer' })).total).toBe(0);
  });

  it('orders equal scores by date, then type and id, across pages', async () => {
    // Twelve entries with the same text score alike: date (newest first, undated last), then
    // type and id in binary order decide.
    const same = (id: string, type: string, date: string | null): SearchEntry => ({
      type,
      id,
      locale: 'en',
      title: 'Quarry report',
      body: 'Quarry workers and quarry safety.',
      url: `/x/${id}`,
      visibility: 'public',
      date,
    });
    const entries = [
      same('q10', 'document', '2020-01-01'),
      same('q2', 'document', '2020-01-01'),
      same('q1', 'document', '2020-01-01'),
      same('q3', 'news', '2020-01-01'),
      same('q4', 'document', null),
      same('q5', 'document', '2023-05-01'),
      same('q6', 'page', '2020-01-01'),
      same('Q7', 'document', '2020-01-01'),
      same('q8', 'document', '2019-12-31'),
      same('q9', 'document', null),
      same('q11', 'document', '2020-01-01'),
      same('q12', 'document', '2021-01-01'),
    ];
    await t.db.transaction().execute((trx) => indexEntries(trx, entries));
    const expected = [
      'document:q5',
      'document:q12',
      'document:Q7',
      'document:q1',
      'document:q10',
      'document:q11',
      'document:q2',
      'news:q3',
      'page:q6',
      'document:q8',
      'document:q4',
      'document:q9',
    ];
    for (const boundedFrom of [undefined, 0]) {
      const page = async (n: number) =>
        (await search(t.db, null, { q: 'quarry', pageSize: 5, page: n }, { boundedFrom })).hits.map(
          (h) => `${h.type}:${h.id}`,
        );
      expect([...(await page(1)), ...(await page(2)), ...(await page(3))]).toEqual(expected);
    }
    await t.db.transaction().execute(async (trx) => {
      for (const e of entries) await removeFromIndex(trx, e.type, e.id);
    });
  });

  it('ranks with the frequencies of the index as it is now', async () => {
    // Equal lengths; "ore" is frequent in 91, "slag" in 92: with both words equally rare the
    // scores are equal; once "ore" is common, 92 (more "slag") ranks first.
    await t.db
      .transaction()
      .execute((trx) =>
        indexEntries(trx, [
          entry({ id: 91, locale: 'en', title: 'Mine', body: 'ore ore ore slag', date: '2024-01-01' }),
          entry({ id: 92, locale: 'en', title: 'Mine', body: 'slag slag slag ore', date: '2020-01-01' }),
        ]),
      );
    expect(ids(await search(t.db, null, { q: 'ore slag' }))).toEqual(['document:91:en', 'document:92:en']);
    const common = Array.from({ length: 8 }, (_, i) =>
      entry({ id: 100 + i, locale: 'en', title: 'Ore', body: `Ore deposit ${i}.` }),
    );
    await t.db.transaction().execute((trx) => indexEntries(trx, common));
    expect(ids(await search(t.db, null, { q: 'ore slag' }))).toEqual(['document:92:en', 'document:91:en']);
    expect(ids(await search(t.db, null, { q: 'ore slag' }, { boundedFrom: 0 }))).toEqual([
      'document:92:en',
      'document:91:en',
    ]);
    await t.db.transaction().execute(async (trx) => {
      for (const e of [91, 92, ...common.map((c) => c.id)]) await removeFromIndex(trx, 'document', e);
    });
  });

  it.skipIf(engine !== 'postgres')(
    'ranks with the index as another process changed it, and not as a rolled-back change left it',
    async () => {
      const other = connect(t.url, { schema: t.schema, poolSize: 1 });
      try {
        await t.db.transaction().execute((trx) =>
          indexEntries(trx, [
            entry({
              id: 191,
              locale: 'en',
              title: 'Pit',
              body: 'lode lode lode tailings',
              date: '2024-01-01',
            }),
            entry({
              id: 192,
              locale: 'en',
              title: 'Pit',
              body: 'tailings tailings tailings lode',
              date: '2020-01-01',
            }),
          ]),
        );
        const order = async () => ids(await search(t.db, null, { q: 'lode tailings' }));
        expect(await order()).toEqual(['document:191:en', 'document:192:en']);
        const common = Array.from({ length: 8 }, (_, i) =>
          entry({ id: 200 + i, locale: 'en', title: 'Lode', body: `Lode number ${i}.` }),
        );
        // A change that rolls back leaves the counts as they were.
        await expect(
          other.db.transaction().execute(async (trx) => {
            await indexEntries(trx, common);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect(await order()).toEqual(['document:191:en', 'document:192:en']);
        // Another process makes "lode" common: this one ranks by the new counts at once.
        await other.db.transaction().execute((trx) => indexEntries(trx, common));
        expect(await order()).toEqual(['document:192:en', 'document:191:en']);
        await other.db.transaction().execute(async (trx) => {
          for (const e of [191, 192, ...common.map((c) => c.id)]) await removeFromIndex(trx, 'document', e);
        });
      } finally {
        await other.close();
      }
    },
  );

  it('follows changes of visibility and removals, both ways of ranking', async () => {
    const slate = (visibility: SearchEntry['visibility']) =>
      entry({
        id: 95,
        locale: 'en',
        title: 'Slate quarries',
        body: 'Slate.',
        visibility,
        countryIso3: 'CAN',
      });
    const found = async (who: Actor | null) =>
      Promise.all(
        [undefined, 0].map(
          async (boundedFrom) => (await search(t.db, who, { q: 'slate' }, { boundedFrom })).total,
        ),
      );
    await t.db.transaction().execute((trx) => indexEntry(trx, slate('public')));
    expect(await found(null)).toEqual([1, 1]);
    await t.db.transaction().execute((trx) => indexEntry(trx, slate('country')));
    expect(await found(null)).toEqual([0, 0]);
    expect(await found(actor('reader', 'CHL'))).toEqual([0, 0]);
    expect(await found(actor('reader', 'CAN'))).toEqual([1, 1]);
    await t.db.transaction().execute((trx) => removeFromIndex(trx, 'document', 95));
    expect(await found(actor('admin'))).toEqual([0, 0]);
  });

  it('answers the same inside a transaction, where nothing is cached', async () => {
    for (const q of [
      { q: 'trabajador' },
      { q: 'salud', sort: 'date' as const },
      { q: '"seguridad y salud"' },
    ]) {
      const outside = await search(t.db, null, q);
      const inside = await t.db.transaction().execute((trx) => search(trx, null, q));
      expect(inside.total).toBeGreaterThan(0);
      expect({ ids: ids(inside), total: inside.total, facets: inside.facets }).toEqual({
        ids: ids(outside),
        total: outside.total,
        facets: outside.facets,
      });
    }
  });

  it('explains blank and stop-word-only queries', async () => {
    expect((await search(t.db, null, { q: '   ' })).problem).toBe('blank');
    expect((await search(t.db, null, { q: '"" ,,' })).problem).toBe('blank');
    const r = await search(t.db, null, { q: 'de la el' });
    expect(r.problem === 'stopwords' || r.total >= 0).toBe(true);
  });
});
