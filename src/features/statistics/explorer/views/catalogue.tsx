import { countryName, formatDate, formatNumber, pick } from '../../../../platform/i18n/format.ts';
import { Link, LocalizedText, Pagination } from '../../../../views/components.tsx';
import { useCtx } from '../../../../views/context.ts';
import { Layout } from '../../../../views/layout.tsx';
import type { CatalogueEntry, CatalogueFilters } from '../queries.ts';
import { unitLabel } from './parts.tsx';

export interface CatalogueProps {
  entries: CatalogueEntry[];
  total: number;
  page: number;
  pages: number;
  filters: CatalogueFilters;
  topics: string[];
  topicCounts: Map<string, number>;
  countryCounts: Map<string, number>;
  yearCounts: Map<string, number>;
  profileCountries: string[];
}

export function CataloguePage(props: CatalogueProps) {
  const { t, locale } = useCtx();
  const f = props.filters;
  const countries = [...props.countryCounts.keys()].sort((a, b) =>
    countryName(a, locale).localeCompare(countryName(b, locale), locale),
  );
  const years = [...props.yearCounts.keys()].sort().reverse();
  const base = `/statistics?${new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString()}`;
  const filtered = !!(f.q || f.topic || f.country || f.year);
  return (
    <Layout title={t('explorer.catalogue.title')} help="/help/user-manual-statistics">
      <h1>{t('explorer.catalogue.title')}</h1>
      <p class="lead">{t('explorer.catalogue.lead')}</p>
      <div class="with-sidebar">
        <aside class="facets" aria-labelledby="facets-title">
          <h2 id="facets-title">{t('explorer.catalogue.filter')}</h2>
          <form method="get" action={`/${locale}/statistics`} class="explorer-form">
            <div class="field">
              <label for="f-q">{t('explorer.catalogue.search')}</label>
              <input id="f-q" name="q" type="search" class="input" value={f.q} />
            </div>
            <div class="field">
              <label for="f-topic">{t('explorer.catalogue.topic')}</label>
              <select id="f-topic" name="topic" class="input">
                <option value="">{t('explorer.catalogue.anyTopic')}</option>
                {props.topics.map((topic) => (
                  <option key={topic} value={topic} selected={topic === f.topic}>
                    {t(`explorer.topic.${topic}`)} ({formatNumber(props.topicCounts.get(topic) ?? 0, locale)})
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-country">{t('explorer.catalogue.country')}</label>
              <select id="f-country" name="country" class="input">
                <option value="">{t('explorer.catalogue.anyCountry')}</option>
                {countries.map((c) => (
                  <option key={c} value={c} selected={c === f.country}>
                    {countryName(c, locale)} ({formatNumber(props.countryCounts.get(c) ?? 0, locale)})
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-year">{t('explorer.catalogue.year')}</label>
              <select id="f-year" name="year" class="input input--short">
                <option value="">{t('explorer.catalogue.anyYear')}</option>
                {years.map((y) => (
                  <option key={y} value={y} selected={y === f.year}>
                    {y} ({formatNumber(props.yearCounts.get(y) ?? 0, locale)})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button button--primary">
              {t('explorer.catalogue.apply')}
            </button>{' '}
            {filtered && <Link href="/statistics">{t('explorer.catalogue.clear')}</Link>}
          </form>
          {props.profileCountries.length > 0 && (
            <details class="profile-links">
              <summary>{t('explorer.catalogue.profiles')}</summary>
              <ul class="plain-list">
                {props.profileCountries.map((c) => (
                  <li key={c}>
                    <Link href={`/statistics/countries/${c}`}>{countryName(c, locale)}</Link>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </aside>
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('explorer.catalogue.results', { count: props.total })}</h2>
          {props.entries.length === 0 ? (
            <p>{t('explorer.catalogue.none')}</p>
          ) : (
            <ul class="indicator-list">
              {props.entries.map(({ ind, summary }) => (
                <li key={ind.code}>
                  <h3>
                    <Link href={`/statistics/indicators/${ind.code}${f.country ? `?c=${f.country}` : ''}`}>
                      <LocalizedText picked={pick(ind.name, locale, ind.origLocale)} />
                    </Link>
                  </h3>
                  <p class="meta">
                    <span class="tag">{t(`explorer.topic.${ind.topic}`)}</span> <code>{ind.code}</code> ·{' '}
                    {unitLabel(ind, locale)}
                  </p>
                  <p class="meta">
                    {summary
                      ? t('explorer.catalogue.coverage', {
                          countries: summary.countries.size,
                          first: summary.firstYear ?? '',
                          last: summary.lastYear ?? '',
                        })
                      : t('explorer.catalogue.noData')}
                    {summary?.updated && (
                      <>
                        {' · '}
                        {t('explorer.lastUpdate')}{' '}
                        <time dateTime={summary.updated}>{formatDate(summary.updated, locale)}</time>
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pagination page={props.page} pages={props.pages} base={base} />
          <p class="meta">
            {t('explorer.catalogue.api')}{' '}
            <a href="/sdmx/rest/dataflow/all/all/latest">/sdmx/rest/dataflow/all/all/latest</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}
