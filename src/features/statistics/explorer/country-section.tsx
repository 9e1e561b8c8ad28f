import { registerCountrySection } from '../../countries/sections.ts';
import { countryName } from '../../../platform/i18n/format.ts';
import { translator } from '../../../platform/i18n/catalog.ts';
import { Link } from '../../../views/components.tsx';

/** The country page links to the country's statistical profile. */
export function registerStatisticsCountrySection(): void {
  registerCountrySection({
    id: 'statistics',
    order: 10,
    async load({ country, locale }) {
      const t = translator(locale);
      const name = countryName(country.iso3, locale);
      return (
        <section>
          <h2>{t('explorer.nav')}</h2>
          <p>{t('explorer.profile.lead')}</p>
          <p>
            <Link href={`/statistics/countries/${country.iso3}`}>
              {t('explorer.profile.title', { country: name })}
            </Link>
          </p>
        </section>
      );
    },
  });
}
