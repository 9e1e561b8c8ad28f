import { countryName } from '../../../platform/i18n/format.ts';
import { Link, Notice } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { ListCount, ListPagination } from '../../../views/lists.tsx';
import type { Match } from '../matching.ts';
import { KINDS, type Kind, STATUSES } from '../model.ts';
import type { ListFilters, TableCount } from '../repository.ts';
import {
  FilterForm,
  type FilterOptions,
  ItemListing,
  type ListedItem,
  MatchList,
  type ThemeOption,
  themeName,
} from './shared.tsx';

export const HELP = '/help/user-manual-cooperation';

export function RegistryPage(props: {
  items: ListedItem[];
  total: number;
  page: number;
  perPage: number;
  filters: ListFilters;
  options: FilterOptions;
  matches: Match[];
  themes: Map<string, ThemeOption>;
  canCreate: boolean;
  notice: string | null;
}) {
  const { t } = useCtx();
  return (
    <Layout title={t('cooperation.title')} help={HELP}>
      <h1>{t('cooperation.title')}</h1>
      <p class="lead">{t('cooperation.lead')}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ul class="coop-actions">
        {props.canCreate && (
          <>
            <li>
              <Link href="/cooperation/offers/new" class="button button--primary">
                {t('cooperation.new.offer')}
              </Link>
            </li>
            <li>
              <Link href="/cooperation/requests/new" class="button button--secondary">
                {t('cooperation.new.request')}
              </Link>
            </li>
          </>
        )}
        <li>
          <Link href="/cooperation/table">{t('cooperation.table.title')}</Link>
        </li>
      </ul>
      <section aria-labelledby="coop-all">
        <h2 id="coop-all">{t('cooperation.registry.heading')}</h2>
        <FilterForm action="/cooperation" filters={props.filters} options={props.options} />
        <ListCount>{t('cooperation.list.count', { count: props.total })}</ListCount>
        <ItemListing items={props.items} />
        <ListPagination page={props.page} total={props.total} perPage={props.perPage} />
      </section>
      <section aria-labelledby="coop-matches">
        <h2 id="coop-matches">{t('cooperation.matches.title')}</h2>
        <p class="hint">{t('cooperation.matches.hint')}</p>
        <MatchList matches={props.matches} themes={props.themes} />
      </section>
    </Layout>
  );
}

/** Link to the registry filtered to one cell of the table. */
function cellHref(filters: Record<string, string | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  return `/cooperation?${p.toString()}`;
}

export function TablePage(props: {
  counts: TableCount[];
  /** Items per country and kind (an item with several themes counts once here). */
  totals: { country_iso3: string; kind: Kind; n: number }[];
  themes: ThemeOption[];
  status: string | null;
}) {
  const { t, locale } = useCtx();
  const byCell = new Map<string, number>();
  for (const c of props.counts) byCell.set(`${c.country_iso3}|${c.theme_code}|${c.kind}`, c.n);
  const countries = [...new Set(props.counts.map((c) => c.country_iso3))]
    .map((iso3) => ({ iso3, name: countryName(iso3, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const cell = (iso3: string, code: string, kind: Kind) => byCell.get(`${iso3}|${code}|${kind}`) ?? 0;
  const total = (kind: Kind, code?: string, iso3?: string) =>
    code
      ? props.counts.filter((c) => c.kind === kind && c.theme_code === code).reduce((s, c) => s + c.n, 0)
      : props.totals
          .filter((c) => c.kind === kind && (!iso3 || c.country_iso3 === iso3))
          .reduce((s, c) => s + c.n, 0);
  const Counts = ({ iso3, code, label }: { iso3?: string; code?: string; label: string }) => {
    const counts = KINDS.map((kind) => ({
      kind,
      n: iso3 && code ? cell(iso3, code, kind) : total(kind, code, iso3),
    }));
    // Empty cells stay quiet on screen but still read as numbers.
    if (counts.every((c) => c.n === 0))
      return (
        <span class="coop-count--zero">
          <span aria-hidden="true">—</span>
          <span class="visually-hidden">
            {counts.map((c) => t(`cooperation.table.count.${c.kind}`, { count: 0 })).join(', ')}
          </span>
        </span>
      );
    return (
      <>
        {counts
          .filter((c) => c.n > 0)
          .map(({ kind, n }) => {
            const text = t(`cooperation.table.count.${kind}`, { count: n });
            return (
              <span class={`coop-count coop-count--${kind}`} key={kind}>
                <Link
                  href={cellHref({ country: iso3, theme: code, kind, status: props.status })}
                  aria-label={`${text} — ${label}`}
                >
                  {text}
                </Link>
              </span>
            );
          })}
      </>
    );
  };
  return (
    <Layout title={t('cooperation.table.title')} help={HELP}>
      <p class="breadcrumbs">
        <Link href="/cooperation">{t('cooperation.title')}</Link>
      </p>
      <h1>{t('cooperation.table.title')}</h1>
      <p class="lead">{t('cooperation.table.lead')}</p>
      <form method="get" action={`/${locale}/cooperation/table`} class="doc-filters">
        <div class="field field--inline">
          <label for="table-status">{t('cooperation.field.status')}</label>
          <select id="table-status" name="status" class="input">
            <option value="">{t('cooperation.filter.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={s === props.status}>
                {t(`cooperation.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="doc-filters__actions">
          <button type="submit" class="button button--secondary">
            {t('cooperation.filter.apply')}
          </button>
        </div>
      </form>
      {countries.length === 0 ? (
        <p>{t('cooperation.list.empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="coop-table-caption">
          <table class="coop-table">
            <caption id="coop-table-caption">{t('cooperation.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cooperation.field.country')}</th>
                {props.themes.map((th) => (
                  <th scope="col" key={th.code}>
                    {themeName(th, locale)}
                  </th>
                ))}
                <th scope="col">{t('cooperation.table.total')}</th>
              </tr>
            </thead>
            <tbody>
              {countries.map((c) => (
                <tr key={c.iso3}>
                  <th scope="row">{c.name}</th>
                  {props.themes.map((th) => (
                    <td key={th.code}>
                      <Counts iso3={c.iso3} code={th.code} label={`${c.name}, ${themeName(th, locale)}`} />
                    </td>
                  ))}
                  <td>
                    <Counts iso3={c.iso3} label={c.name} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('cooperation.table.total')}</th>
                {props.themes.map((th) => (
                  <td key={th.code}>
                    <Counts code={th.code} label={themeName(th, locale)} />
                  </td>
                ))}
                <td>
                  <Counts label={t('cooperation.table.total')} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <p class="hint">{t('cooperation.table.note')}</p>
    </Layout>
  );
}
