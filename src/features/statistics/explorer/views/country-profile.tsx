import { countryName, formatDate, pick } from '../../../../platform/i18n/format.ts';
import { Link, LocalizedText } from '../../../../views/components.tsx';
import { useCtx } from '../../../../views/context.ts';
import { Layout } from '../../../../views/layout.tsx';
import { Sparkline } from '../../charts/sparkline.tsx';
import type { ExplorerRow, IndicatorInfo } from '../repository.ts';
import { breakdownLabel, Flag, formatValue, unitLabel } from './parts.tsx';

export interface ProfileEntry {
  ind: IndicatorInfo;
  /** The headline series of the country, in period order. */
  rows: ExplorerRow[];
  latest: ExplorerRow | undefined;
  /** Median of the member states' values for the same period and breakdown. */
  median: number | null;
  medianCount: number;
}

export function CountryProfilePage({ iso3, entries }: { iso3: string; entries: ProfileEntry[] }) {
  const { t, locale } = useCtx();
  const country = countryName(iso3, locale);
  const withData = entries.filter((e) => e.latest);
  const without = entries.filter((e) => !e.latest);
  const na = t('explorer.notApplicable');
  return (
    <Layout title={t('explorer.profile.title', { country })} help="/help/user-manual-statistics">
      <p class="breadcrumb">
        <Link href="/statistics">{t('explorer.catalogue.title')}</Link> ·{' '}
        <Link href={`/countries/${iso3}`}>{country}</Link>
      </p>
      <h1>{t('explorer.profile.title', { country })}</h1>
      <p class="lead">{t('explorer.profile.lead')}</p>
      {withData.length === 0 ? (
        <p>{t('explorer.profile.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table profile-table">
            <caption>{t('explorer.profile.caption', { country })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('explorer.col.indicator')}</th>
                <th scope="col" class="num">
                  {t('explorer.profile.latest')}
                </th>
                <th scope="col">{t('explorer.profile.trend')}</th>
                <th scope="col" class="num">
                  {t('explorer.hemisphereMedian')}
                </th>
                <th scope="col">{t('explorer.profile.sourceNotes')}</th>
                <th scope="col">{t('explorer.lastUpdate')}</th>
              </tr>
            </thead>
            <tbody>
              {withData.map(({ ind, rows, latest, median, medianCount }) => {
                const l = latest!;
                const points = rows
                  .filter((r) => r.value !== null)
                  .map((r) => ({ period: r.period, value: r.value! }));
                const first = points[0];
                const codes = [l.dim1, l.dim2, l.dim3].slice(0, ind.dimensions.length);
                return (
                  <tr key={ind.code}>
                    <th scope="row">
                      <Link href={`/statistics/indicators/${ind.code}?c=${iso3}`}>
                        <LocalizedText picked={pick(ind.name, locale, ind.origLocale)} />
                      </Link>
                      <span class="meta block">
                        {unitLabel(ind, locale)}
                        {codes.length > 0 && ` · ${breakdownLabel(ind, codes, locale, na)}`}
                      </span>
                    </th>
                    <td class="num">
                      <strong>{formatValue(ind, l.value!, locale)}</strong>
                      {l.obs_status !== 'A' && ' '}
                      <Flag status={l.obs_status} />
                      <span class="meta block">{l.period}</span>
                      {l.published === 0 && (
                        <span class="badge badge--warn">{t('explorer.unpublished')}</span>
                      )}
                    </td>
                    <td>
                      {first && (
                        <Sparkline
                          points={points}
                          label={t('explorer.profile.trendLabel', {
                            first: first.period,
                            firstValue: formatValue(ind, first.value, locale),
                            last: l.period,
                            lastValue: formatValue(ind, l.value!, locale),
                          })}
                        />
                      )}
                    </td>
                    <td class="num">
                      {median === null ? '—' : formatValue(ind, median, locale)}
                      {median !== null && (
                        <span class="meta block">
                          {t('explorer.profile.medianOf', { count: medianCount, period: l.period })}
                        </span>
                      )}
                    </td>
                    <td>
                      {l.source ?? '—'}
                      {l.note && <span class="meta block">{l.note}</span>}
                    </td>
                    <td>
                      <time dateTime={l.updated_at}>{formatDate(l.updated_at, locale)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {without.length > 0 && (
        <section aria-labelledby="no-data">
          <h2 id="no-data">{t('explorer.profile.noDataHeading')}</h2>
          <ul class="plain-list">
            {without.map(({ ind }) => (
              <li key={ind.code}>
                <Link href={`/statistics/indicators/${ind.code}`}>
                  <LocalizedText picked={pick(ind.name, locale, ind.origLocale)} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
