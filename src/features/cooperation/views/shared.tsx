import { countryName, formatDate, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import { Button, Link, LocalizedText, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
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
  const select = (
    name: string,
    label: string,
    value: string | null | undefined,
    opts: { value: string; label: string }[],
  ) => (
    <div class="field field--inline">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} class="input">
        <option value="">{t('cooperation.filter.any')}</option>
        {opts.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      method="get"
      action={`/${locale}${props.action}`}
      class="doc-filters"
      aria-label={t('cooperation.filter.label')}
    >
      {select(
        'kind',
        t('cooperation.field.kind'),
        filters.kind,
        KINDS.map((k) => ({ value: k, label: t(`cooperation.kindPlural.${k}`) })),
      )}
      {select(
        'theme',
        t('cooperation.field.theme'),
        filters.theme,
        options.themes.map((th) => ({ value: th.code, label: themeName(th, locale) })),
      )}
      {select(
        'modality',
        t('cooperation.field.modality'),
        filters.modality,
        MODALITIES.map((m) => ({ value: m, label: t(`cooperation.modality.${m}`) })),
      )}
      {select(
        'country',
        t('cooperation.field.country'),
        filters.country,
        options.countries
          .map((c) => ({ value: c, label: countryName(c, locale) }))
          .sort((a, b) => a.label.localeCompare(b.label, locale)),
      )}
      {select(
        'status',
        t('cooperation.field.status'),
        filters.status,
        STATUSES.map((s) => ({ value: s, label: t(`cooperation.status.${s}`) })),
      )}
      {select(
        'lang',
        t('cooperation.field.language'),
        filters.lang,
        LANGUAGES.map((l) => ({
          value: l,
          label: l === 'other' ? t('cooperation.language.other') : LOCALE_NAMES[l as Locale],
        })),
      )}
      <div class="doc-filters__actions">
        <Button variant="secondary">{t('cooperation.filter.apply')}</Button>
      </div>
    </form>
  );
}

export function ListPagination({ page, total, perPage }: { page: number; total: number; perPage: number }) {
  const { path, search } = useCtx();
  return <Pagination page={page} pages={Math.max(1, Math.ceil(total / perPage))} base={`${path}${search}`} />;
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
