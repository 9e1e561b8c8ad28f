import type { DocumentRow } from '../../../db/schema.ts';
import { renderMarkdown } from '../../../platform/content/markdown.ts';
import { countryName, formatDate, pick } from '../../../platform/i18n/format.ts';
import { Link, Notice } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { SECTIONS } from '../model.ts';
import type { ListFilters } from '../repository.ts';
import {
  DocumentListing,
  type FilterOptions,
  FilterForm,
  type ListedDocument,
  ListPagination,
  ResultsHeader,
  StatusBadge,
} from './shared.tsx';

export interface ListProps {
  items: ListedDocument[];
  total: number;
  page: number;
  perPage: number;
  filters: ListFilters;
  options: FilterOptions;
  canCreate: boolean;
}

function FeedLink({ href, label }: { href: string; label: string }) {
  return (
    <p class="feed-link">
      <Link href={href} type="application/atom+xml">
        {label}
      </Link>
    </p>
  );
}

function feedHead(locale: string, href: string, title: string) {
  return <link rel="alternate" type="application/atom+xml" title={title} href={`/${locale}${href}`} />;
}

export function LibraryPage(
  props: ListProps & { sectionCounts: Map<string, number>; countryCounts: { iso3: string; n: number }[] },
) {
  const { t, locale } = useCtx();
  return (
    <Layout
      title={t('documents.title')}
      help="/help/user-manual-documents"
      head={feedHead(locale, '/documents/feed.xml', t('documents.feed.title'))}
    >
      <h1>{t('documents.title')}</h1>
      <p class="lead">{t('documents.lead')}</p>
      {props.canCreate && (
        <p class="doc-actions">
          <Link href="/documents/new" class="button button--primary">
            {t('documents.new.button')}
          </Link>{' '}
          <Link href="/documents/manage">{t('documents.manage.title')}</Link>
        </p>
      )}
      <section aria-labelledby="doc-sections">
        <h2 id="doc-sections">{t('documents.sections')}</h2>
        <ul class="doc-sections">
          {SECTIONS.map((s) => (
            <li key={s}>
              <Link href={`/documents/sections/${s}`}>{t(`documents.section.${s}`)}</Link>{' '}
              <span class="meta">
                {t('documents.list.count', { count: props.sectionCounts.get(s) ?? 0 })}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {props.countryCounts.length > 0 && (
        <section aria-labelledby="doc-countries">
          <h2 id="doc-countries">{t('documents.byCountry')}</h2>
          <ul class="doc-countries">
            {props.countryCounts
              .map((c) => ({ ...c, name: countryName(c.iso3, locale) }))
              .sort((a, b) => a.name.localeCompare(b.name, locale))
              .map((c) => (
                <li key={c.iso3}>
                  <Link href={`/documents/countries/${c.iso3}`}>{c.name}</Link>{' '}
                  <span class="meta">({c.n})</span>
                </li>
              ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="doc-all">
        <h2 id="doc-all">{t('documents.all')}</h2>
        <FilterForm action="/documents" filters={props.filters} options={props.options} />
        <ResultsHeader total={props.total} />
        <DocumentListing items={props.items} />
        <ListPagination page={props.page} total={props.total} perPage={props.perPage} />
      </section>
      <FeedLink href="/documents/feed.xml" label={t('documents.feed.subscribe')} />
    </Layout>
  );
}

export function SectionPage(
  props: ListProps & {
    section: string;
    intro: { text: string; lang: string; fallback: boolean } | null;
    canEditIntro: boolean;
    saved: boolean;
  },
) {
  const { t, locale } = useCtx();
  const name = t(`documents.section.${props.section}`);
  const feed = `/documents/sections/${props.section}/feed.xml`;
  return (
    <Layout
      title={name}
      help="/help/user-manual-documents"
      head={feedHead(locale, feed, t('documents.feed.sectionTitle', { section: name }))}
    >
      <p class="breadcrumbs">
        <Link href="/documents">{t('documents.title')}</Link>
      </p>
      <h1>{name}</h1>
      {props.saved && <Notice>{t('form.saved')}</Notice>}
      {props.intro ? (
        <div class="doc-intro" lang={props.intro.lang}>
          <div dangerouslySetInnerHTML={{ __html: renderMarkdown(props.intro.text) }} />
        </div>
      ) : (
        <p class="lead">{t(`documents.section.${props.section}.intro`)}</p>
      )}
      {props.canEditIntro && (
        <p>
          <Link href={`/documents/sections/${props.section}/edit`}>{t('documents.sectionEdit.link')}</Link>
        </p>
      )}
      {props.canCreate && (
        <p>
          <Link href={`/documents/new?section=${props.section}`} class="button button--primary">
            {t('documents.new.button')}
          </Link>
        </p>
      )}
      <FilterForm
        action={`/documents/sections/${props.section}`}
        filters={props.filters}
        options={props.options}
        fixed={{ section: true }}
      />
      <ResultsHeader total={props.total} />
      <DocumentListing items={props.items} />
      <ListPagination page={props.page} total={props.total} perPage={props.perPage} />
      <FeedLink href={feed} label={t('documents.feed.subscribe')} />
    </Layout>
  );
}

export function CountryDocumentsPage(props: ListProps & { iso3: string }) {
  const { t, locale } = useCtx();
  const name = countryName(props.iso3, locale);
  return (
    <Layout title={t('documents.country.title', { country: name })} help="/help/user-manual-documents">
      <p class="breadcrumbs">
        <Link href="/documents">{t('documents.title')}</Link>
      </p>
      <h1>{t('documents.country.title', { country: name })}</h1>
      <FilterForm
        action={`/documents/countries/${props.iso3}`}
        filters={props.filters}
        options={props.options}
        fixed={{ country: true }}
      />
      <ResultsHeader total={props.total} />
      <DocumentListing items={props.items} />
      <ListPagination page={props.page} total={props.total} perPage={props.perPage} />
    </Layout>
  );
}

export function ManagePage(props: {
  rows: (DocumentRow & { failed: number; pending: number })[];
  total: number;
  page: number;
  perPage: number;
  deleted: boolean;
  isSecretariat: boolean;
  /** Message key of a confirmation to show. */
  notice: string | null;
}) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('documents.manage.title')} help="/help/user-manual-documents">
      <p class="breadcrumbs">
        <Link href="/documents">{t('documents.title')}</Link>
      </p>
      <h1>{t('documents.manage.title')}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>
        <Link href="/documents/new" class="button button--primary">
          {t('documents.new.button')}
        </Link>
      </p>
      {props.isSecretariat && (
        <nav class="tabs" aria-label={t('documents.manage.views')}>
          <Link href="/documents/manage" aria-current={props.deleted ? undefined : 'page'}>
            {t('documents.manage.current')}
          </Link>{' '}
          <Link href="/documents/manage?deleted=1" aria-current={props.deleted ? 'page' : undefined}>
            {t('documents.manage.deleted')}
          </Link>
        </nav>
      )}
      {props.rows.length === 0 ? (
        <p>{t('documents.list.empty')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('documents.manage.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('documents.field.title')}</th>
              <th scope="col">{t('documents.field.status')}</th>
              <th scope="col">{t('documents.field.country')}</th>
              <th scope="col">{t('documents.manage.extraction')}</th>
              <th scope="col">{t('documents.manage.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link href={`/documents/${d.id}`}>{pick(d.title, locale, d.orig_locale).text}</Link>
                </td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{d.country_iso3 ? countryName(d.country_iso3, locale) : t('documents.regional')}</td>
                <td>
                  {d.failed > 0 ? (
                    <span class="badge badge--error">
                      {t('documents.manage.failed', { count: d.failed })}
                    </span>
                  ) : d.pending > 0 ? (
                    <span class="badge">{t('documents.manage.pending', { count: d.pending })}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{formatDate(d.updated_at, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ListPagination page={props.page} total={props.total} perPage={props.perPage} />
    </Layout>
  );
}

export function pickedIntro(intro: string | undefined, orig: string, locale: string) {
  if (!intro) return null;
  const p = pick(intro, locale as never, orig);
  return p.text ? p : null;
}
