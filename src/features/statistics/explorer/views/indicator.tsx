import { countryName, formatDate, formatNumber, pick } from '../../../../platform/i18n/format.ts';
import type { Locale } from '../../../../platform/i18n/locales.ts';
import { Link, LocalizedText } from '../../../../views/components.tsx';
import { useCtx } from '../../../../views/context.ts';
import { Layout } from '../../../../views/layout.tsx';
import { BarChart } from '../../charts/bar-chart.tsx';
import { LineChart } from '../../charts/line-chart.tsx';
import { niceTicks, tickDecimals } from '../../charts/scale.ts';
import type { ExplorerRow, IndicatorInfo } from '../repository.ts';
import { MAX_COUNTRIES, type ViewParams, viewKey } from '../view-params.ts';
import { breakdownLabel, codeName, Flag, formatValue, statusName, unitLabel } from './parts.tsx';

export interface IndicatorPageProps {
  ind: IndicatorInfo;
  view: ViewParams;
  rows: ExplorerRow[];
  barPeriod: string | null;
  barRows: ExplorerRow[];
  barMedian: number | null;
  available: string[];
  years: string[];
  periods: string[];
  lastUpdated: string | null;
  viewQuery: string;
}

/** Numbered notes and the list of sources of the rows shown, for the footnotes of a table. */
function footnotes(rows: ExplorerRow[]) {
  const notes = new Map<string, number>();
  const sources = new Set<string>();
  for (const r of rows) {
    if (r.note && !notes.has(r.note)) notes.set(r.note, notes.size + 1);
    if (r.source) sources.add(r.source);
  }
  return { notes, sources: [...sources] };
}

function Cell({
  ind,
  row,
  notes,
  locale,
}: {
  ind: IndicatorInfo;
  row: ExplorerRow;
  notes: Map<string, number>;
  locale: Locale;
}) {
  const { t } = useCtx();
  return (
    <td class="num">
      {row.value === null ? '—' : formatValue(ind, row.value, locale)}
      {row.obs_status !== 'A' && ' '}
      <Flag status={row.obs_status} />
      {row.note && (
        <sup>
          <a
            href={`#note-${notes.get(row.note)}`}
            aria-label={t('explorer.noteRef', { n: notes.get(row.note)! })}
          >
            [{notes.get(row.note)}]
          </a>
        </sup>
      )}
      {row.published === 0 && (
        <>
          {' '}
          <span class="badge badge--warn">{t('explorer.unpublished')}</span>
        </>
      )}
    </td>
  );
}

function Footnotes({ rows }: { rows: ExplorerRow[] }) {
  const { t } = useCtx();
  const { notes, sources } = footnotes(rows);
  const flags = [...new Set(rows.map((r) => r.obs_status).filter((s) => s !== 'A'))];
  return (
    <div class="table-notes">
      {sources.length > 0 && (
        <p>
          <strong>{t('explorer.sources')}</strong> {sources.join('; ')}
        </p>
      )}
      {flags.length > 0 && (
        <p>
          <strong>{t('explorer.flags')}</strong>{' '}
          {flags.map((f, i) => (
            <span key={f}>
              {i > 0 && '; '}
              {f} = <FlagName code={f} />
            </span>
          ))}
        </p>
      )}
      {notes.size > 0 && (
        <ol class="notes-list">
          {[...notes].map(([text, n]) => (
            <li key={n} id={`note-${n}`} value={n}>
              {text}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function FlagName({ code }: { code: string }) {
  const { locale } = useCtx();
  return <>{statusName(code, locale)}</>;
}

export function IndicatorPage(props: IndicatorPageProps) {
  const { t, locale } = useCtx();
  const { ind, view } = props;
  const name = pick(ind.name, locale, ind.origLocale);
  const unit = unitLabel(ind, locale);
  const na = t('explorer.notApplicable');
  const breakdown = ind.dimensions.length ? breakdownLabel(ind, view.codes, locale, na) : '';
  const format = (v: number) => formatValue(ind, v, locale);
  const byCountry = new Map<string, ExplorerRow[]>();
  for (const r of props.rows) {
    if (r.value === null) continue;
    const list = byCountry.get(r.country_iso3) ?? [];
    list.push(r);
    byCountry.set(r.country_iso3, list);
  }
  const shown = view.countries.filter((c) => byCountry.has(c));
  const series = shown.map((c) => ({
    key: c,
    label: countryName(c, locale),
    points: byCountry.get(c)!.map((r) => ({
      period: r.period,
      value: r.value!,
      flag: r.obs_status !== 'A' ? r.obs_status : undefined,
    })),
  }));
  const allValues = props.rows.filter((r) => r.value !== null).map((r) => r.value!);
  const tickFmt = (ticks: number[]) => {
    const d = tickDecimals(ticks);
    return (v: number) => formatNumber(v, locale, d);
  };
  const lineTicks = allValues.length ? niceTicks(Math.min(...allValues), Math.max(...allValues)) : [0, 1];
  const periods = [...new Set(props.rows.map((r) => r.period))].sort();
  const cell = new Map(props.rows.map((r) => [`${r.country_iso3}|${r.period}`, r]));
  const lineNotes = footnotes(props.rows).notes;
  const barNotes = footnotes(props.barRows).notes;
  const barRows = props.barRows.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!);
  const key = viewKey(view);
  const sdmxRange = new URLSearchParams();
  if (view.from) sdmxRange.set('startPeriod', view.from);
  if (view.to) sdmxRange.set('endPeriod', view.to);
  const sdmxBase = `/sdmx/rest/data/${ind.code}/${key}?${sdmxRange.toString()}${sdmxRange.toString() ? '&' : ''}`;
  const lineTitle = t('explorer.line.title', { indicator: name.text, unit });
  const lineDesc = series.length
    ? t('explorer.line.desc', {
        breakdown: breakdown || name.text,
        countries: series.map((s) => s.label).join(', '),
        first: periods[0] ?? '',
        last: periods[periods.length - 1] ?? '',
      }) +
      ' ' +
      series
        .map((s) => {
          const last = s.points[s.points.length - 1]!;
          return t('explorer.line.descLatest', {
            country: s.label,
            value: format(last.value),
            period: last.period,
          });
        })
        .join(' ')
    : '';

  return (
    <Layout title={name.text} help="/help/user-manual-statistics" island="statistics-chart">
      <p class="breadcrumb">
        <Link href="/statistics">{t('explorer.catalogue.title')}</Link>
      </p>
      <h1>
        <LocalizedText picked={name} />
      </h1>
      <p class="meta">
        <span class="tag">{t(`explorer.topic.${ind.topic}`)}</span> <code>{ind.code}</code> ·{' '}
        {t('explorer.unit')}: {unit}
        {props.lastUpdated && (
          <>
            {' · '}
            {t('explorer.lastUpdate')}{' '}
            <time dateTime={props.lastUpdated}>{formatDate(props.lastUpdated, locale)}</time>
          </>
        )}
      </p>
      {pick(ind.definition, locale, ind.origLocale).text && (
        <LocalizedText picked={pick(ind.definition, locale, ind.origLocale)} as="p" />
      )}
      {pick(ind.notes, locale, ind.origLocale).text && (
        <div class="notice notice--info">
          <strong>{t('explorer.notes')}:</strong>{' '}
          <LocalizedText picked={pick(ind.notes, locale, ind.origLocale)} />
        </div>
      )}

      {props.available.length === 0 ? (
        <p>{t('explorer.noDataYet')}</p>
      ) : (
        <>
          <form
            method="get"
            action={`/${locale}/statistics/indicators/${ind.code}`}
            class="explorer-form explorer-controls"
          >
            <fieldset class="country-picker">
              <legend>{t('explorer.form.countries', { max: MAX_COUNTRIES })}</legend>
              <div class="checkbox-columns">
                {[...props.available]
                  .sort((a, b) => countryName(a, locale).localeCompare(countryName(b, locale), locale))
                  .map((c) => (
                    <div class="checkbox" key={c}>
                      <input
                        type="checkbox"
                        id={`c-${c}`}
                        name="c"
                        value={c}
                        checked={view.countries.includes(c)}
                      />
                      <label for={`c-${c}`}>{countryName(c, locale)}</label>
                    </div>
                  ))}
              </div>
            </fieldset>
            <div class="control-row">
              {ind.dimensions.map((d, i) => (
                <div class="field" key={d.id}>
                  <label for={`f-${d.id}`}>{pick(d.name, locale).text}</label>
                  <select id={`f-${d.id}`} name={d.id} class="input">
                    {d.codes.map((c) => (
                      <option key={c.id} value={c.id} selected={c.id === view.codes[i]}>
                        {codeName(ind, i, c.id, locale, na)}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
              <div class="field">
                <label for="f-from">{t('explorer.form.from')}</label>
                <select id="f-from" name="from" class="input input--short">
                  <option value="">{t('explorer.form.first')}</option>
                  {props.years.map((y) => (
                    <option key={y} value={y} selected={y === view.from}>
                      {y}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="f-to">{t('explorer.form.to')}</label>
                <select id="f-to" name="to" class="input input--short">
                  <option value="">{t('explorer.form.last')}</option>
                  {props.years.map((y) => (
                    <option key={y} value={y} selected={y === view.to}>
                      {y}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="f-period">{t('explorer.form.period')}</label>
                <select id="f-period" name="period" class="input input--short">
                  <option value="">{t('explorer.form.latest')}</option>
                  {[...props.periods].reverse().map((p) => (
                    <option key={p} value={p} selected={p === view.period}>
                      {p}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button type="submit" class="button button--primary">
              {t('explorer.form.apply')}
            </button>
          </form>

          <section aria-labelledby="over-time">
            <h2 id="over-time">{t('explorer.line.heading')}</h2>
            {breakdown && <p class="meta">{breakdown}</p>}
            {series.length === 0 ? (
              <p>{t('explorer.noDataView')}</p>
            ) : (
              <>
                <LineChart
                  id="chart-line"
                  title={lineTitle}
                  description={lineDesc}
                  series={series}
                  format={format}
                  formatTick={tickFmt(lineTicks)}
                  yLabel={unit}
                />
                <div class="table-wrap">
                  <table class="data-table" id="table-line">
                    <caption>{t('explorer.line.table', { indicator: name.text, unit })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('explorer.col.period')}</th>
                        {shown.map((c) => (
                          <th scope="col" class="num" key={c}>
                            <Link href={`/statistics/countries/${c}`}>{countryName(c, locale)}</Link>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {[...periods].reverse().map((p) => (
                        <tr key={p}>
                          <th scope="row">{p}</th>
                          {shown.map((c) => {
                            const r = cell.get(`${c}|${p}`);
                            return r ? (
                              <Cell key={c} ind={ind} row={r} notes={lineNotes} locale={locale} />
                            ) : (
                              <td key={c} class="num">
                                —
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('explorer.lastUpdate')}</th>
                        {shown.map((c) => {
                          const last =
                            byCountry
                              .get(c)!
                              .map((r) => r.updated_at)
                              .sort()
                              .pop() ?? '';
                          return (
                            <td key={c} class="num">
                              <time dateTime={last}>{formatDate(last, locale)}</time>
                            </td>
                          );
                        })}
                      </tr>
                    </tfoot>
                  </table>
                </div>
                <Footnotes rows={props.rows} />
              </>
            )}
          </section>

          <section aria-labelledby="across">
            <h2 id="across">{t('explorer.bar.heading', { period: props.barPeriod ?? '' })}</h2>
            {barRows.length === 0 ? (
              <p>{t('explorer.noDataPeriod')}</p>
            ) : (
              <>
                <BarChart
                  id="chart-bar"
                  title={t('explorer.bar.title', {
                    indicator: name.text,
                    period: props.barPeriod ?? '',
                    unit,
                  })}
                  description={t('explorer.bar.desc', {
                    count: barRows.length,
                    highest: countryName(barRows[0]!.country_iso3, locale),
                    highestValue: format(barRows[0]!.value!),
                    lowest: countryName(barRows[barRows.length - 1]!.country_iso3, locale),
                    lowestValue: format(barRows[barRows.length - 1]!.value!),
                    median: props.barMedian === null ? '' : format(props.barMedian),
                  })}
                  bars={barRows.map((r) => ({
                    key: r.country_iso3,
                    label: countryName(r.country_iso3, locale),
                    value: r.value!,
                    flag: r.obs_status !== 'A' ? r.obs_status : undefined,
                    highlight: view.countries.includes(r.country_iso3),
                  }))}
                  format={format}
                  formatTick={tickFmt(
                    niceTicks(
                      Math.min(0, ...barRows.map((r) => r.value!)),
                      Math.max(0, ...barRows.map((r) => r.value!)),
                    ),
                  )}
                  reference={
                    props.barMedian === null
                      ? undefined
                      : {
                          value: props.barMedian,
                          label: t('explorer.median', { value: format(props.barMedian) }),
                        }
                  }
                />
                <div class="table-wrap">
                  <table class="data-table" id="table-bar">
                    <caption>{t('explorer.bar.table', { period: props.barPeriod ?? '', unit })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('explorer.col.country')}</th>
                        <th scope="col" class="num">
                          {t('explorer.col.value')}
                        </th>
                        <th scope="col">{t('explorer.lastUpdate')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {barRows.map((r) => (
                        <tr key={r.country_iso3}>
                          <th scope="row">
                            <Link href={`/statistics/countries/${r.country_iso3}`}>
                              {countryName(r.country_iso3, locale)}
                            </Link>
                          </th>
                          <Cell ind={ind} row={r} notes={barNotes} locale={locale} />
                          <td>
                            <time dateTime={r.updated_at}>{formatDate(r.updated_at, locale)}</time>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                    {props.barMedian !== null && (
                      <tfoot>
                        <tr>
                          <th scope="row">{t('explorer.hemisphereMedian')}</th>
                          <td class="num">{format(props.barMedian)}</td>
                          <td />
                        </tr>
                      </tfoot>
                    )}
                  </table>
                </div>
                <Footnotes rows={props.barRows} />
              </>
            )}
          </section>

          <section aria-labelledby="downloads">
            <h2 id="downloads">{t('explorer.downloads.heading')}</h2>
            <p>{t('explorer.downloads.lead')}</p>
            <ul class="download-list">
              <li>
                <Link href={`/statistics/indicators/${ind.code}/download.csv?${props.viewQuery}`} download>
                  {t('explorer.downloads.csv')}
                </Link>
              </li>
              <li>
                <Link href={`/statistics/indicators/${ind.code}/download.xlsx?${props.viewQuery}`} download>
                  {t('explorer.downloads.xlsx')}
                </Link>
              </li>
              <li>
                <a href={`${sdmxBase}format=csvfile`} download>
                  {t('explorer.downloads.sdmxCsv')}
                </a>
              </li>
              <li>
                <a href={`${sdmxBase}format=jsondata`}>{t('explorer.downloads.sdmxJson')}</a>
              </li>
            </ul>
            <p class="meta">
              {t('explorer.downloads.permalink')}{' '}
              <Link href={`/statistics/indicators/${ind.code}?${props.viewQuery}`}>
                {t('explorer.downloads.thisView')}
              </Link>
            </p>
          </section>
        </>
      )}
    </Layout>
  );
}
