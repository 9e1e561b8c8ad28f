import { countryName, formatNumber } from '../../../platform/i18n/format.ts';
import { Link } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { CountryRow } from '../repository.ts';
import { StatusBadge } from './parts.tsx';

export function CountriesPage({ countries }: { countries: CountryRow[] }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('countries.list.title')} help="/help/coordinator-manual-country-profile">
      <h1>{t('countries.list.title')}</h1>
      <p class="lead">{t('countries.list.lead', { count: countries.length })}</p>
      <div class="table-wrap">
        <table class="countries-table">
          <caption class="visually-hidden">{t('countries.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('countries.field.country')}</th>
              <th scope="col">{t('countries.field.isoCodes')}</th>
              <th scope="col">{t('countries.field.status')}</th>
              <th scope="col">{t('countries.field.coordinator')}</th>
              <th scope="col" class="num">
                {t('countries.field.institutions')}
              </th>
            </tr>
          </thead>
          <tbody>
            {countries.map((c) => (
              <tr key={c.iso3}>
                <th scope="row">
                  <Link href={`/countries/${c.iso3}`}>{countryName(c.iso3, locale)}</Link>
                </th>
                <td>
                  <code>{c.iso3}</code> / <code>{c.iso2}</code>
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{c.coordinator_name ?? <span class="meta">{t('countries.noCoordinator')}</span>}</td>
                <td class="num">{formatNumber(c.institution_count, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
