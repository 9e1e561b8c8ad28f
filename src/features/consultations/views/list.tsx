import { countryName, formatDate, formatNumber, pick } from '../../../platform/i18n/format.ts';
import { Link, Notice, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { type Consultation, STATES } from '../model.ts';
import type { ListFilters, ThemeOf } from '../repository.ts';
import { Deadline, StateBadge, ThemeTags } from './shared.tsx';

export interface ListedConsultation {
  c: Consultation;
  themes: ThemeOf[];
}

export interface ListPageProps {
  items: ListedConsultation[];
  total: number;
  page: number;
  perPage: number;
  filters: ListFilters;
  /** The "addressed to my country" box was ticked. */
  mine: boolean;
  options: { themes: { code: string; name: string; orig_locale: string }[]; countries: string[] };
  /** The reader's country, when they answer for one (coordinators and editors). */
  myCountry: string | null;
  canAsk: boolean;
  isSecretariat: boolean;
  notice: string | null;
}

function queryString(filters: ListFilters, mine: boolean): string {
  const p = new URLSearchParams();
  if (filters.state) p.set('state', filters.state);
  if (filters.theme) p.set('theme', filters.theme);
  if (filters.country) p.set('country', filters.country);
  if (mine) p.set('mine', '1');
  if (filters.deleted) p.set('deleted', '1');
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function ConsultationListPage(props: ListPageProps) {
  const { t, locale } = useCtx();
  const { filters } = props;
  const pages = Math.max(1, Math.ceil(props.total / props.perPage));
  const select = (
    name: string,
    label: string,
    value: string | undefined,
    opts: { value: string; label: string }[],
  ) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} class="input">
        <option value="">{t('consultations.filter.any')}</option>
        {opts.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout title={t('consultations.title')} help="/help/user-manual-consultations">
      <h1>{t('consultations.title')}</h1>
      <p class="lead">{t('consultations.lead')}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.canAsk && (
        <p>
          <Link href="/consultations/new" class="button button--primary">
            {t('consultations.new.button')}
          </Link>
        </p>
      )}
      <form
        method="get"
        action={`/${locale}/consultations`}
        class="consultation-filters"
        aria-label={t('consultations.filter.label')}
      >
        {select(
          'state',
          t('consultations.filter.state'),
          filters.state,
          STATES.map((s) => ({ value: s, label: t(`consultations.state.${s}`) })),
        )}
        {select(
          'theme',
          t('consultations.filter.theme'),
          filters.theme,
          props.options.themes.map((th) => ({
            value: th.code,
            label: pick(th.name, locale, th.orig_locale).text,
          })),
        )}
        {select(
          'country',
          t('consultations.filter.country'),
          filters.country,
          props.options.countries
            .map((c) => ({ value: c, label: countryName(c, locale) }))
            .sort((a, b) => a.label.localeCompare(b.label, locale)),
        )}
        {props.myCountry && (
          <div class="checkbox">
            <input type="checkbox" id="filter-mine" name="mine" value="1" checked={props.mine} />
            <label for="filter-mine">
              {t('consultations.filter.mine', { country: countryName(props.myCountry, locale) })}
            </label>
          </div>
        )}
        {props.isSecretariat && (
          <div class="checkbox">
            <input type="checkbox" id="filter-deleted" name="deleted" value="1" checked={!!filters.deleted} />
            <label for="filter-deleted">{t('consultations.filter.deleted')}</label>
          </div>
        )}
        <div class="consultation-filters__actions">
          <button type="submit" class="button button--secondary">
            {t('consultations.filter.apply')}
          </button>{' '}
          <Link href="/consultations">{t('consultations.filter.clear')}</Link>
        </div>
      </form>
      <p class="search-count" role="status">
        {t('consultations.list.count', { count: props.total, formatted: formatNumber(props.total, locale) })}
      </p>
      {props.items.length === 0 ? (
        <p>{t('consultations.list.empty')}</p>
      ) : (
        <ul class="consultation-list">
          {props.items.map(({ c, themes }) => {
            const title = pick(c.title, locale, c.orig_locale);
            return (
              <li key={c.id}>
                <h2 class="consultation-list__title">
                  <Link href={`/consultations/${c.id}`} lang={title.lang}>
                    {title.text}
                  </Link>
                </h2>
                <p class="meta">
                  <StateBadge state={c.state} />{' '}
                  {t('consultations.list.askedBy', {
                    country: countryName(c.country_iso3, locale),
                    date: formatDate(c.created_at, locale),
                  })}
                  {' · '}
                  {t('consultations.list.answers', { count: c.answer_count })}
                  {c.deadline && (
                    <>
                      {' · '}
                      <Deadline c={c} />
                    </>
                  )}
                </p>
                <ThemeTags themes={themes} />
              </li>
            );
          })}
        </ul>
      )}
      <Pagination
        page={props.page}
        pages={pages}
        base={`/consultations${queryString(filters, props.mine)}`}
      />
    </Layout>
  );
}
