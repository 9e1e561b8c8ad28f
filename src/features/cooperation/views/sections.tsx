import { countryName } from '../../../platform/i18n/format.ts';
import { Link } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { ItemListing, type ListedItem } from './shared.tsx';

/** The cooperation part of a country page: what the country offers and what it asks for. */
export function CountryCooperation(props: {
  iso3: string;
  offers: ListedItem[];
  requests: ListedItem[];
  offerTotal: number;
  requestTotal: number;
}) {
  const { t, locale } = useCtx();
  return (
    <section aria-labelledby="country-cooperation" class="coop-section">
      <h2 id="country-cooperation">{t('cooperation.country.title')}</h2>
      {props.offers.length > 0 && (
        <>
          <h3>{t('cooperation.country.offers', { country: countryName(props.iso3, locale) })}</h3>
          <ItemListing items={props.offers} headingLevel={4} />
        </>
      )}
      {props.offerTotal > props.offers.length && (
        <p>
          <Link href={`/cooperation?kind=offer&country=${props.iso3}`}>
            {t('cooperation.country.allOffers', { count: props.offerTotal })}
          </Link>
        </p>
      )}
      {props.requests.length > 0 && (
        <>
          <h3>{t('cooperation.country.requests', { country: countryName(props.iso3, locale) })}</h3>
          <ItemListing items={props.requests} headingLevel={4} />
        </>
      )}
      {props.requestTotal > props.requests.length && (
        <p>
          <Link href={`/cooperation?kind=request&country=${props.iso3}`}>
            {t('cooperation.country.allRequests', { count: props.requestTotal })}
          </Link>
        </p>
      )}
    </section>
  );
}

/** The cooperation part of a priority theme's page. */
export function ThemeCooperation(props: { code: string; items: ListedItem[]; total: number }) {
  const { t } = useCtx();
  return (
    <section aria-labelledby="theme-cooperation" class="coop-section">
      <h2 id="theme-cooperation">{t('cooperation.theme.title')}</h2>
      <ItemListing items={props.items} headingLevel={3} />
      <p>
        <Link href={`/cooperation?theme=${props.code}`}>
          {t('cooperation.theme.all', { count: props.total })}
        </Link>
      </p>
    </section>
  );
}
