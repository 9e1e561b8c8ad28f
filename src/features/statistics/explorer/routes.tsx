import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../app.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { render } from '../../../platform/http/render.tsx';
import { countryName } from '../../../platform/i18n/format.ts';
import { plainColumns, plainCsv } from '../export/csv.ts';
import { firstPeriodFrom, lastPeriodUntil } from '../sdmx/period.ts';
import { setValidators } from '../export/validators.ts';
import { xlsxStream } from '../export/xlsx.ts';
import { explorerRepository, type ExplorerRow, type IndicatorInfo, type ObsFilter } from './repository.ts';
import { availabilityCache, type CatalogueFilters, filterCatalogue, latest, median } from './queries.ts';
import { parseView, type ViewParams, viewQuery } from './view-params.ts';
import { CataloguePage } from './views/catalogue.tsx';
import { type ProfileEntry, CountryProfilePage } from './views/country-profile.tsx';
import { IndicatorPage } from './views/indicator.tsx';
import { readScope } from './visibility.ts';
import { registerStatisticsCountrySection } from './country-section.tsx';

/**
 * The public statistics explorer: the indicator catalogue, an indicator page (line chart, bar
 * chart and tables, every choice in the query string), its downloads, and country profiles.
 */

const PAGE_SIZE = 20;

function str(q: Record<string, unknown>, name: string): string {
  const v = q[name];
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}

export async function explorerRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = explorerRepository(deps.db);
  const availability = availabilityCache(repo);
  deps.nav.push({ label: 'explorer.nav', href: '/statistics', order: 20 });
  registerStatisticsCountrySection();

  app.get('/:locale/statistics', { schema: { hide: true } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const scope = readScope(request.actor);
    const [indicators, av] = await Promise.all([repo.indicators(), availability(scope)]);
    const filters: CatalogueFilters = {
      q: str(q, 'q'),
      topic: str(q, 'topic'),
      country: str(q, 'country').toUpperCase(),
      year: /^\d{4}$/.test(str(q, 'year')) ? str(q, 'year') : '',
    };
    const entries = filterCatalogue(indicators, av, filters);
    const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(str(q, 'page'), 10) || 1));
    // Facet counts: each facet counts what the other filters leave.
    const topicCounts = new Map<string, number>();
    for (const e of filterCatalogue(indicators, av, filters, 'topic'))
      topicCounts.set(e.ind.topic, (topicCounts.get(e.ind.topic) ?? 0) + 1);
    const countryCounts = new Map<string, number>();
    for (const e of filterCatalogue(indicators, av, filters, 'country')) {
      for (const c of e.summary?.countries ?? []) countryCounts.set(c, (countryCounts.get(c) ?? 0) + 1);
    }
    const yearCounts = new Map<string, number>();
    for (const e of filterCatalogue(indicators, av, filters, 'year')) {
      for (const y of e.summary?.years ?? []) yearCounts.set(y, (yearCounts.get(y) ?? 0) + 1);
    }
    const allCountries = new Set<string>();
    for (const s of av.byIndicator.values()) for (const c of s.countries) allCountries.add(c);
    return render(
      request,
      reply,
      <CataloguePage
        entries={entries.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)}
        total={entries.length}
        page={page}
        pages={pages}
        filters={filters}
        topics={[...new Set(indicators.map((i) => i.topic))]}
        topicCounts={topicCounts}
        countryCounts={countryCounts}
        yearCounts={yearCounts}
        profileCountries={[...allCountries].sort((a, b) =>
          countryName(a, request.locale).localeCompare(countryName(b, request.locale), request.locale),
        )}
      />,
    );
  });

  /** The indicator, the reader's choices and the rows of the line chart and table. */
  async function loadView(request: FastifyRequest) {
    const { code } = request.params as { code: string };
    const ind = await repo.indicator(code);
    if (!ind) throw new NotFoundError();
    const scope = readScope(request.actor);
    const av = await availability(scope);
    const summary = av.byIndicator.get(ind.id);
    const available = summary?.countries ?? new Set<string>();
    const years = [...(summary?.years ?? [])].sort();
    const view = parseView(request.query as Record<string, unknown>, ind, available, years);
    const filter: ObsFilter = {
      indicatorId: ind.id,
      countries: view.countries,
      dims: view.codes.map((c) => [c]),
      fromPeriod: view.from
        ? firstPeriodFrom(new Date(Date.UTC(Number(view.from), 0, 1)), ind.frequency)
        : undefined,
      toPeriod: view.to
        ? lastPeriodUntil(new Date(Date.UTC(Number(view.to) + 1, 0, 1) - 1), ind.frequency)
        : undefined,
    };
    return { ind, scope, av, summary, available, years, view, filter };
  }

  app.get('/:locale/statistics/indicators/:code', { schema: { hide: true } }, async (request, reply) => {
    const { ind, scope, summary, available, years, view, filter } = await loadView(request);
    const rows = available.size ? await repo.observations(filter, scope) : [];
    // The bar chart: the chosen period, else the latest period of this breakdown.
    let barPeriod = view.period ?? summary?.lastPeriod ?? null;
    let barRows: ExplorerRow[] = [];
    const barFilter = (period: string): ObsFilter => ({
      indicatorId: ind.id,
      countries: [...available],
      dims: view.codes.map((c) => [c]),
      periods: [period],
    });
    if (barPeriod) barRows = await repo.observations(barFilter(barPeriod), scope);
    if (barRows.length === 0 && !view.period) {
      const fallback = latest(rows)?.period;
      if (fallback && fallback !== barPeriod) {
        barPeriod = fallback;
        barRows = await repo.observations(barFilter(fallback), scope);
      }
    }
    const periods = ind.frequency === 'A' ? years : await periodsOf(ind, view, scope);
    return render(
      request,
      reply,
      <IndicatorPage
        ind={ind}
        view={view}
        rows={rows}
        barPeriod={barPeriod}
        barRows={barRows}
        barMedian={median(barRows.filter((r) => r.value !== null).map((r) => r.value!))}
        available={[...available]}
        years={years}
        periods={periods}
        lastUpdated={summary?.updated ?? null}
        viewQuery={viewQuery(ind, view)}
      />,
    );
  });

  async function periodsOf(
    ind: IndicatorInfo,
    view: ViewParams,
    scope: ReturnType<typeof readScope>,
  ): Promise<string[]> {
    const rows = await repo.observations(
      { indicatorId: ind.id, countries: view.countries, dims: view.codes.map((c) => [c]) },
      scope,
    );
    return [...new Set(rows.map((r) => r.period))].sort();
  }

  async function download(request: FastifyRequest, reply: FastifyReply, kind: 'csv' | 'xlsx') {
    const { ind, scope, view, filter } = await loadView(request);
    const state = await repo.freshness(filter, scope);
    if (setValidators(request, reply, state, scope, kind)) return reply;
    const cols = plainColumns(ind, request.locale, request.t);
    const name = `${ind.code}-${view.countries.join('-')}`.slice(0, 80);
    const chunks = repo.chunks(filter, scope);
    if (kind === 'csv') {
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`);
      return reply.send(Readable.from(plainCsv(cols, chunks)));
    }
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`);
    const viewUrl = `${deps.config.baseUrl}/${request.locale}/statistics/indicators/${ind.code}?${viewQuery(ind, view)}`;
    return reply.send(
      await xlsxStream(ind, cols, chunks, {
        locale: request.locale,
        t: request.t,
        viewUrl,
        onError: (err) => request.log.error({ err }, 'spreadsheet export failed'),
      }),
    );
  }

  app.get('/:locale/statistics/indicators/:code/download.csv', { schema: { hide: true } }, (request, reply) =>
    download(request, reply, 'csv'),
  );
  app.get(
    '/:locale/statistics/indicators/:code/download.xlsx',
    { schema: { hide: true } },
    (request, reply) => download(request, reply, 'xlsx'),
  );

  app.get('/:locale/statistics/countries/:iso3', { schema: { hide: true } }, async (request, reply) => {
    const iso3 = (request.params as { iso3: string }).iso3.toUpperCase();
    const country = /^[A-Z]{3}$/.test(iso3)
      ? await deps.db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst()
      : undefined;
    if (!country) throw new NotFoundError();
    const scope = readScope(request.actor);
    const [indicators, av] = await Promise.all([repo.indicators(), availability(scope)]);
    const entries: ProfileEntry[] = [];
    for (const ind of indicators) {
      const mine = av.byIndicatorCountry.get(ind.id)?.get(iso3);
      if (!mine) {
        entries.push({ ind, rows: [], latest: undefined, median: null, medianCount: 0 });
        continue;
      }
      const dims = ind.totals.map((c) => (c ? [c] : null));
      const rows = await repo.observations({ indicatorId: ind.id, countries: [iso3], dims }, scope);
      // Without a value for the headline breakdown, there is nothing to compare.
      const last = latest(rows);
      let med: number | null = null;
      let medianCount = 0;
      if (last) {
        const others = await repo.observations(
          {
            indicatorId: ind.id,
            countries: [...(av.byIndicator.get(ind.id)?.countries ?? [])],
            dims: [last.dim1, last.dim2, last.dim3].slice(0, ind.dimensions.length).map((c) => [c]),
            periods: [last.period],
          },
          scope,
        );
        const vals = others.filter((r) => r.value !== null).map((r) => r.value!);
        med = median(vals);
        medianCount = vals.length;
      }
      entries.push({ ind, rows, latest: last, median: med, medianCount });
    }
    return render(request, reply, <CountryProfilePage iso3={iso3} entries={entries} />);
  });
}
