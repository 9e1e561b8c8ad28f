import type { DocumentFile, DocumentRow } from '../../../db/schema.ts';
import { KIND_LABELS, type FileKind } from '../../../platform/files/index.ts';
import { countryName, formatDate, formatNumber, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import { Button, Link, LocalizedText, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { DOC_TYPES, SECTIONS } from '../model.ts';
import type { ListFilters } from '../repository.ts';

export interface ListedDocument {
  doc: DocumentRow;
  files: DocumentFile[];
}

export interface FilterOptions {
  themes: { code: string; name: string; orig_locale: string }[];
  countries: string[];
  years: string[];
}

export function AccessBadge({ access }: { access: string }) {
  const { t } = useCtx();
  if (access === 'public') return null;
  return <span class="badge badge--warn">{t(`documents.access.${access}`)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useCtx();
  return (
    <span class={status === 'published' ? 'badge badge--ok' : 'badge'}>
      {t(`documents.status.${status}`)}
    </span>
  );
}

export function formatBytes(n: number, locale: Locale): string {
  if (n < 1024) return `${formatNumber(n, locale)} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, locale, 0)} KB`;
  return `${formatNumber(n / (1024 * 1024), locale, 1)} MB`;
}

export function DocumentListing({ items }: { items: ListedDocument[] }) {
  const { t, locale } = useCtx();
  if (items.length === 0) return <p>{t('documents.list.empty')}</p>;
  return (
    <ul class="doc-list">
      {items.map(({ doc, files }) => {
        const kinds = [...new Set(files.map((f) => KIND_LABELS[f.kind as FileKind] ?? f.kind))];
        return (
          <li key={doc.id}>
            <h3 class="doc-list__title">
              <Link href={`/documents/${doc.id}`}>
                <LocalizedText picked={pick(doc.title, locale, doc.orig_locale)} />
              </Link>{' '}
              <AccessBadge access={doc.access} />
              {doc.status !== 'published' && <StatusBadge status={doc.status} />}
            </h3>
            <p class="meta">
              {t(`documents.type.${doc.doc_type}`)}
              {' · '}
              {doc.country_iso3 ? countryName(doc.country_iso3, locale) : t('documents.regional')}
              {doc.publication_date && (
                <>
                  {' · '}
                  <time dateTime={doc.publication_date}>{formatDate(doc.publication_date, locale)}</time>
                </>
              )}
              {kinds.length > 0 && ` · ${kinds.join(', ')}`}
              {doc.external_url && ` · ${t('documents.list.link')}`}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

/** The filters of a list (GET form, works without JavaScript); `fixed` hides what the page already fixes. */
export function FilterForm(props: {
  action: string;
  filters: ListFilters;
  options: FilterOptions;
  fixed?: { section?: boolean; country?: boolean };
}) {
  const { t, locale } = useCtx();
  const { filters, options, fixed = {} } = props;
  const select = (
    name: string,
    label: string,
    value: string | null | undefined,
    opts: { value: string; label: string }[],
  ) => (
    <div class="field field--inline">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} class="input">
        <option value="">{t('documents.filter.any')}</option>
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
      aria-label={t('documents.filter.label')}
    >
      {!fixed.section &&
        select(
          'section',
          t('documents.field.section'),
          filters.section,
          SECTIONS.map((s) => ({ value: s, label: t(`documents.section.${s}`) })),
        )}
      {select(
        'theme',
        t('documents.field.theme'),
        filters.theme,
        options.themes.map((th) => ({ value: th.code, label: pick(th.name, locale, th.orig_locale).text })),
      )}
      {!fixed.country &&
        select(
          'country',
          t('documents.field.country'),
          filters.country,
          options.countries
            .map((c) => ({ value: c, label: countryName(c, locale) }))
            .sort((a, b) => a.label.localeCompare(b.label, locale)),
        )}
      {select(
        'type',
        t('documents.field.type'),
        filters.type,
        DOC_TYPES.map((d) => ({ value: d, label: t(`documents.type.${d}`) })),
      )}
      {select(
        'lang',
        t('documents.field.language'),
        filters.lang,
        LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
      )}
      {select(
        'year',
        t('documents.field.year'),
        filters.year,
        options.years.map((y) => ({ value: y, label: y })),
      )}
      <div class="doc-filters__actions">
        <Button variant="secondary">{t('documents.filter.apply')}</Button>
      </div>
    </form>
  );
}

export function ResultsHeader({ total }: { total: number }) {
  const { t } = useCtx();
  return (
    <p class="meta" role="status">
      {t('documents.list.count', { count: total })}
    </p>
  );
}

export function ListPagination({ page, total, perPage }: { page: number; total: number; perPage: number }) {
  const { path, search } = useCtx();
  return <Pagination page={page} pages={Math.max(1, Math.ceil(total / perPage))} base={`${path}${search}`} />;
}
