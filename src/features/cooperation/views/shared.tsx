import { countryName, formatDate, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { countryOptions, FilterBar } from '../../../views/lists.tsx';
import type { Match } from '../matching.ts';
import {
  type CooperationItem,
  itemPath,
  KINDS,
  LANGUAGES,
  MODALITIES,
  STATUSES,
  splitLanguages,
} from '../model.ts';
import type { ItemTheme, ListFilters } from '../repository.ts';

export interface ListedItem {
  item: CooperationItem;
  themes: ItemTheme[];
}

export interface ThemeOption {
  code: string;
  name: string;
  orig_locale: string;
}

export interface FilterOptions {
  themes: ThemeOption[];
  countries: string[];
}

export function themeName(th: ThemeOption, locale: Locale): string {
  return pick(th.name, locale, th.orig_locale).text || th.code;
}

export function KindBadge({ kind }: { kind: string }) {
  const { t } = useCtx();
  return <span class={`badge coop-kind coop-kind--${kind}`}>{t(`cooperation.kind.${kind}`)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useCtx();
  const cls =
    status === 'completed' ? 'badge badge--ok' : status === 'cancelled' ? 'badge badge--error' : 'badge';
  return <span class={cls}>{t(`cooperation.status.${status}`)}</span>;
}

/** "Spanish, English and other: Kreyòl" */
export function languagesText(item: CooperationItem, locale: Locale): string {
  const names = splitLanguages(item.languages).map((l) =>
    l === 'other' ? (item.other_languages ?? '') : LOCALE_NAMES[l as Locale],
  );
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names.filter(Boolean));
}

export function ItemTitle({ item }: { item: CooperationItem }) {
  const { locale } = useCtx();
  return <LocalizedText picked={pick(item.title, locale, item.orig_locale)} />;
}

export function ItemListing({ items, headingLevel = 3 }: { items: ListedItem[]; headingLevel?: 2 | 3 | 4 }) {
  const { t, locale } = useCtx();
  if (items.length === 0) return <p>{t('cooperation.list.empty')}</p>;
  const H = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  return (
    <ul class="coop-list">
      {items.map(({ item, themes }) => (
        <li key={item.id}>
          <H class="coop-list__title">
            <KindBadge kind={item.kind} />{' '}
            <Link href={itemPath(item)}>
              <ItemTitle item={item} />
            </Link>
          </H>
          <p class="meta">
            {countryName(item.country_iso3, locale)}
            {' · '}
            {item.modality ? t(`cooperation.modality.${item.modality}`) : t('cooperation.modality.any')}
            {' · '}
            <StatusBadge status={item.status} />
            {item.partner_country_iso3 && (
              <>
                {' · '}
                {t('cooperation.partnerWith', { country: countryName(item.partner_country_iso3, locale) })}
              </>
            )}
            {' · '}
            <time dateTime={item.created_at}>{formatDate(item.created_at, locale)}</time>
          </p>
          {themes.length > 0 && (
            <p class="meta">
              <span class="visually-hidden">{t('cooperation.field.themes')}: </span>
              {themes.map((th) => themeName(th, locale)).join(' · ')}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The filters of the registry (a GET form: works without JavaScript, and the URL can be shared). */
export function FilterForm(props: { action: string; filters: ListFilters; options: FilterOptions }) {
  const { t, locale } = useCtx();
  const { filters, options } = props;
  return (
    <FilterBar
      action={props.action}
      label={t('cooperation.filter.label')}
      anyLabel={t('cooperation.filter.any')}
      applyLabel={t('cooperation.filter.apply')}
      selects={[
        {
          name: 'kind',
          label: t('cooperation.field.kind'),
          value: filters.kind,
          options: KINDS.map((k) => ({ value: k, label: t(`cooperation.kindPlural.${k}`) })),
        },
        {
          name: 'theme',
          label: t('cooperation.field.theme'),
          value: filters.theme,
          options: options.themes.map((th) => ({ value: th.code, label: themeName(th, locale) })),
        },
        {
          name: 'modality',
          label: t('cooperation.field.modality'),
          value: filters.modality,
          options: MODALITIES.map((m) => ({ value: m, label: t(`cooperation.modality.${m}`) })),
        },
        {
          name: 'country',
          label: t('cooperation.field.country'),
          value: filters.country,
          options: countryOptions(options.countries, locale),
        },
        {
          name: 'status',
          label: t('cooperation.field.status'),
          value: filters.status,
          options: STATUSES.map((s) => ({ value: s, label: t(`cooperation.status.${s}`) })),
        },
        {
          name: 'lang',
          label: t('cooperation.field.language'),
          value: filters.lang,
          options: LANGUAGES.map((l) => ({
            value: l,
            label: l === 'other' ? t('cooperation.language.other') : LOCALE_NAMES[l as Locale],
          })),
        },
      ]}
    />
  );
}

/** Suggested pairs of an offer and a request, with why they fit. */
export function MatchList({
  matches,
  themes,
  show = 'both',
}: {
  matches: Match[];
  themes: Map<string, ThemeOption>;
  /** On an item's page only the counterpart is listed. */
  show?: 'both' | 'offer' | 'request';
}) {
  const { t, locale } = useCtx();
  if (matches.length === 0) return <p>{t('cooperation.matches.none')}</p>;
  return (
    <ul class="coop-matches">
      {matches.map((m) => {
        const reasons = [
          t('cooperation.matches.sharedThemes', {
            themes: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
              m.sharedThemes.map((c) => {
                const th = themes.get(c);
                return th ? themeName(th, locale) : c;
              }),
            ),
          }),
          ...(m.modalityMatch ? [t('cooperation.matches.modality')] : []),
          ...(m.commonLanguages.length
            ? [
                t('cooperation.matches.languages', {
                  languages: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
                    m.commonLanguages.map((l) => LOCALE_NAMES[l as Locale]),
                  ),
                }),
              ]
            : []),
        ];
        const side = (item: CooperationItem) => (
          <>
            <KindBadge kind={item.kind} />{' '}
            <Link href={itemPath(item)}>
              <ItemTitle item={item} />
            </Link>{' '}
            <span class="meta">({countryName(item.country_iso3, locale)})</span>
          </>
        );
        return (
          <li key={`${m.offer.item.id}-${m.request.item.id}`}>
            {show === 'both' ? (
              <p class="coop-matches__pair">
                {side(m.offer.item)}
                <span class="coop-matches__arrow" aria-hidden="true">
                  {' ⇄ '}
                </span>
                <span class="visually-hidden"> {t('cooperation.matches.and')} </span>
                {side(m.request.item)}
              </p>
            ) : (
              <p class="coop-matches__pair">{side(show === 'offer' ? m.offer.item : m.request.item)}</p>
            )}
            <p class="meta">
              {t('cooperation.matches.score', { score: m.score })} — {reasons.join('; ')}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
