import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { ForbiddenError } from '../../platform/auth/policy.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { intParam, optStr, str } from '../../platform/http/form.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { apiRoutes } from './api.ts';
import { importRoutes } from './import/routes.tsx';
import { entryCodes } from './labels.ts';
import { periodsBetween } from './periods.ts';
import {
  countryIndicatorSummary,
  findObservations,
  indicatorByCode,
  indicatorById,
  listIndicators,
  observationById,
  revisionsOf,
} from './repository.ts';
import {
  canWriteCountry,
  deleteObservation,
  type EntryCell,
  restoreRevision,
  saveEntry,
  writableCountries,
} from './service.ts';
import { cellKey, EntryGridPage, EntryIndexPage } from './views/entry.tsx';
import { HistoryPage } from './views/history.tsx';

/** Country-scoped entry of statistics, revision history, bulk imports and the JSON API. */
export async function statisticsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db;
  const allCountries = async () =>
    (await db.selectFrom('countries').select('iso3').orderBy('iso3').execute()).map((r) => r.iso3);

  deps.nav.push({
    label: 'stats.nav.entry',
    href: '/statistics/entry',
    order: 25,
    visible: (actor) =>
      actor?.role === 'secretariat' || actor?.role === 'coordinator' || actor?.role === 'editor',
  });

  app.get('/:locale/statistics/entry', { schema: { hide: true } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) return reply.redirect(loginRedirect(request), 303);
    const countries = writableCountries(actor, await allCountries());
    if (!countries.length) throw new ForbiddenError('observation.write');
    const q = request.query as Record<string, string | undefined>;
    const indicators = await listIndicators(db);
    const country =
      q.country && countries.includes(q.country) ? q.country : countries.length === 1 ? countries[0]! : '';
    if (q.indicator && country && indicators.some((i) => i.code === q.indicator)) {
      return redirectLocal(request, reply, `/statistics/entry/${q.indicator}/${country}`);
    }
    const summary = new Map<number, { n: number; last_period: string | null; updated_at: string | null }>();
    if (country) {
      for (const s of await countryIndicatorSummary(db, country)) {
        summary.set(s.indicator_id, {
          n: Number(s.n),
          last_period: s.last_period as string | null,
          updated_at: s.updated_at as string | null,
        });
      }
    }
    return render(
      request,
      reply,
      <EntryIndexPage
        indicators={indicators}
        countries={countries}
        country={country}
        indicator={q.indicator ?? ''}
        summary={summary}
      />,
    );
  });

  async function gridProps(request: FastifyRequest) {
    const { indicator: code, iso3 } = request.params as { indicator: string; iso3: string };
    const ind = await indicatorByCode(db, code);
    const country = (
      await db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst()
    )?.iso3;
    if (!ind || !country) throw new NotFoundError();
    if (!canWriteCountry(request.actor, country)) throw new ForbiddenError('observation.write');
    const q = request.query as Record<string, string | undefined>;
    const thisYear = new Date().getUTCFullYear();
    const span = ind.frequency === 'A' ? 5 : ind.frequency === 'Q' ? 1 : 0;
    let to = intParam(q.to) ?? thisYear - (ind.frequency === 'A' ? 1 : 0);
    let from = intParam(q.from) ?? to - span;
    if (from > to) [from, to] = [to, from];
    // A grid stays usable: at most 15 years of annual data, 5 of quarterly, 2 of monthly.
    const maxYears = ind.frequency === 'A' ? 15 : ind.frequency === 'Q' ? 5 : 2;
    if (to - from >= maxYears) from = to - maxYears + 1;
    const periods = periodsBetween(ind.frequency, from, to);
    const rows = await findObservations(db, {
      indicatorIds: [ind.id],
      countries: [country],
      periodFrom: periods[0],
      periodTo: periods.at(-1),
    });
    const values = new Map(
      rows.map((r) => [cellKey(r.period, [r.dim1, r.dim2, r.dim3].slice(0, ind.dimensions.length)), r]),
    );
    // Breakdowns: the usual ones for each dimension, plus any that already hold data.
    let combos: string[][] = [[]];
    for (const d of ind.dimensions) combos = combos.flatMap((c) => entryCodes(d).map((code) => [...c, code]));
    const seen = new Set(combos.map((c) => c.join('|')));
    const all = await findObservations(db, { indicatorIds: [ind.id], countries: [country] });
    for (const r of all) {
      const c = [r.dim1, r.dim2, r.dim3].slice(0, ind.dimensions.length);
      if (!seen.has(c.join('|'))) {
        seen.add(c.join('|'));
        combos.push(c);
      }
    }
    const lastSource = all.reduce<{ at: string; source: string | null }>(
      (acc, r) => (r.updated_at > acc.at ? { at: r.updated_at, source: r.source } : acc),
      { at: '', source: null },
    );
    return { ind, country, periods, combos, values, from, to, lastSource: lastSource.source ?? '' };
  }

  app.get(
    '/:locale/statistics/entry/:indicator/:iso3',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const g = await gridProps(request);
      const q = request.query as Record<string, string | undefined>;
      const saved = q.saved
        ? { created: Number(q.n ?? 0), changed: Number(q.c ?? 0), removed: Number(q.r ?? 0) }
        : null;
      return render(
        request,
        reply,
        <EntryGridPage
          indicator={g.ind}
          country={g.country}
          periods={g.periods}
          combos={g.combos}
          values={g.values}
          from={g.from}
          to={g.to}
          saved={saved}
          source={g.lastSource}
          reason=""
          canWrite
        />,
      );
    },
  );

  app.post(
    '/:locale/statistics/entry/:indicator/:iso3',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const { indicator: code, iso3 } = request.params as { indicator: string; iso3: string };
      const ind = await indicatorByCode(db, code);
      if (!ind) throw new NotFoundError();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const cells: EntryCell[] = [];
      for (const [k, v] of Object.entries(body)) {
        if (!k.startsWith('v_')) continue;
        const [period = '', ...dims] = k.slice(2).split('__');
        cells.push({
          period,
          dims,
          raw: typeof v === 'string' ? v : '',
          status: str(body, `s_${k.slice(2)}`),
        });
      }
      const source = optStr(body, 'source');
      const reason = optStr(body, 'reason');
      try {
        const counts = await saveEntry(db, request.actor, ind, iso3, { cells, source, reason });
        const q = request.query as Record<string, string | undefined>;
        const range = `from=${intParam(q.from) ?? ''}&to=${intParam(q.to) ?? ''}`;
        return redirectLocal(
          request,
          reply,
          `/statistics/entry/${ind.code}/${iso3}?${range}&saved=1&n=${counts.created}&c=${counts.changed}&r=${counts.removed}`,
        );
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const g = await gridProps(request);
        const submitted: Record<string, string> = {};
        for (const [k, v] of Object.entries(body)) if (typeof v === 'string') submitted[k] = v;
        return render(
          request,
          reply,
          <EntryGridPage
            indicator={g.ind}
            country={g.country}
            periods={g.periods}
            combos={g.combos}
            values={g.values}
            from={g.from}
            to={g.to}
            submitted={submitted}
            errors={err.errors}
            source={source ?? ''}
            reason={reason ?? ''}
            canWrite
          />,
          422,
        );
      }
    },
  );

  async function historyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    notice: 'restored' | 'deleted' | null,
  ) {
    const id = intParam((request.params as { id: string }).id);
    const obs = id === null ? undefined : await observationById(db, id);
    if (!obs) throw new NotFoundError();
    const ind = await indicatorById(db, obs.indicator_id);
    if (!ind) throw new NotFoundError();
    const revisions = await revisionsOf(db, obs.id);
    return render(
      request,
      reply,
      <HistoryPage
        observation={obs}
        indicator={ind}
        revisions={revisions}
        canWrite={canWriteCountry(request.actor, obs.country_iso3)}
        notice={notice}
      />,
    );
  }

  app.get(
    '/:locale/statistics/observations/:id/history',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const q = request.query as Record<string, string | undefined>;
      return historyPage(request, reply, q.restored ? 'restored' : q.deleted ? 'deleted' : null);
    },
  );

  app.post(
    '/:locale/statistics/observations/:id/restore',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const id = intParam((request.params as { id: string }).id);
      const revision = intParam(str(request.body, 'revision'));
      if (id === null || revision === null) throw new NotFoundError();
      await restoreRevision(
        db,
        request.actor,
        id,
        revision,
        optStr(request.body, 'reason') ?? request.t('stats.history.restoreReason'),
      );
      return redirectLocal(request, reply, `/statistics/observations/${id}/history?restored=1`);
    },
  );

  app.post(
    '/:locale/statistics/observations/:id/delete',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const id = intParam((request.params as { id: string }).id);
      if (id === null) throw new NotFoundError();
      await deleteObservation(db, request.actor, id, optStr(request.body, 'reason'));
      return redirectLocal(request, reply, `/statistics/observations/${id}/history?deleted=1`);
    },
  );

  await app.register(importRoutes, { deps });
  await app.register(apiRoutes, { deps });
}
