import type { DocumentFile, DocumentRow } from '../../../db/schema.ts';
import { KIND_LABELS, type FileKind } from '../../../platform/files/index.ts';
import { countryName, formatDate, formatNumber, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import {
  countryOptions,
  FilterBar,
  type FilterSelect,
  ListCount,
  ListPagination,
} from '../../../views/lists.tsx';
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
  const selects: (FilterSelect | false)[] = [
    !fixed.section && {
      name: 'section',
      label: t('documents.field.section'),
      value: filters.section,
      options: SECTIONS.map((s) => ({ value: s, label: t(`documents.section.${s}`) })),
    },
    {
      name: 'theme',
      label: t('documents.field.theme'),
      value: filters.theme,
      options: options.themes.map((th) => ({
        value: th.code,
        label: pick(th.name, locale, th.orig_locale).text,
      })),
    },
    !fixed.country && {
      name: 'country',
      label: t('documents.field.country'),
      value: filters.country,
      options: countryOptions(options.countries, locale),
    },
    {
      name: 'type',
      label: t('documents.field.type'),
      value: filters.type,
      options: DOC_TYPES.map((d) => ({ value: d, label: t(`documents.type.${d}`) })),
    },
    {
      name: 'lang',
      label: t('documents.field.language'),
      value: filters.lang,
      options: LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
    },
    {
      name: 'year',
      label: t('documents.field.year'),
      value: filters.year,
      options: options.years.map((y) => ({ value: y, label: y })),
    },
  ];
  return (
    <FilterBar
      action={props.action}
      label={t('documents.filter.label')}
      anyLabel={t('documents.filter.any')}
      applyLabel={t('documents.filter.apply')}
      selects={selects.filter((s): s is FilterSelect => !!s)}
    />
  );
}

export function ResultsHeader({ total }: { total: number }) {
  const { t } = useCtx();
  return <ListCount>{t('documents.list.count', { count: total })}</ListCount>;
}

export { ListPagination };
