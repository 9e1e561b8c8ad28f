import type { Translate } from '../../../platform/i18n/catalog.ts';
import { countryName, formatDate, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import {
  FACETS,
  type FacetName,
  type SearchHit,
  type SearchResults,
  type Segment,
} from '../../../platform/search/index.ts';
import { Link, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { searchHref } from '../links.ts';

/** Theme names by code, as stored (JSON per language) with their original language. */
export type ThemeNames = Map<string, { name: string; origLocale: string }>;

/** A message when the catalogue has one, else the raw value (types added later by other features). */
function labelOr(t: Translate, keys: string[], fallback: string): string {
  for (const key of keys) {
    const s = t(key);
    if (s !== key) return s;
  }
  return fallback;
}

export function facetLabel(
  t: Translate,
  locale: Locale,
  themes: ThemeNames,
  facet: FacetName,
  value: string,
): string {
  switch (facet) {
    case 'type':
      return labelOr(t, [`search.type.${value}`], value);
    case 'section':
      return labelOr(
        t,
        [`search.section.${value}`, `documents.section.${value}`, `documents.sections.${value}`],
        value,
      );
    case 'theme': {
      const th = themes.get(value);
      return th ? pick(th.name, locale, th.origLocale).text || value : value;
    }
    case 'country':
      return countryName(value, locale);
    case 'lang':
      return LOCALE_NAMES[value as Locale] ?? value;
    case 'year':
      return value;
  }
}

function Marked({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}

function SearchForm({ q }: { q: string }) {
  const { t, locale } = useCtx();
  return (
    <form method="get" action={`/${locale}/search`} role="search" class="search-form">
      <div class="field">
        <label for="search-q">{t('search.label')}</label>
        <p class="hint" id="search-q-hint">
          {t('search.hint')}
        </p>
        <div class="search-form__row">
          <input
            id="search-q"
            name="q"
            type="search"
            class="input"
            value={q}
            aria-describedby="search-q-hint"
            maxLength={200}
          />
          <button type="submit" class="button button--primary">
            {t('search.button')}
          </button>
        </div>
      </div>
    </form>
  );
}

function Tips() {
  const { t } = useCtx();
  return (
    <section class="search-tips" aria-labelledby="search-tips-h">
      <h2 id="search-tips-h">{t('search.tips.heading')}</h2>
      <ul>
        <li>{t('search.tips.and')}</li>
        <li>{t('search.tips.phrase')}</li>
        <li>{t('search.tips.accents')}</li>
        <li>{t('search.tips.forms')}</li>
      </ul>
    </section>
  );
}

function Facets({ results, themes }: { results: SearchResults; themes: ThemeNames }) {
  const { t, locale } = useCtx();
  const q = results.query;
  const active = FACETS.filter((f) => q.filters[f]);
  const shown = FACETS.filter((f) => results.facets[f].length > 0);
  if (!shown.length) return null;
  return (
    <aside class="facets search-facets" aria-labelledby="search-facets-h">
      <h2 id="search-facets-h">{t('search.filters')}</h2>
      {active.length > 0 && (
        <ul class="search-active-filters">
          {active.map((f) => (
            <li key={f}>
              <Link href={searchHref(q, { [f]: null })}>
                {t('search.removeFilter', { value: facetLabel(t, locale, themes, f, q.filters[f]!) })}
              </Link>
            </li>
          ))}
          {active.length > 1 && (
            <li>
              <Link href={searchHref({ ...q, filters: {} }, {})}>{t('search.clearFilters')}</Link>
            </li>
          )}
        </ul>
      )}
      {shown.map((f) => (
        <section key={f} class="search-facet" aria-labelledby={`facet-${f}`}>
          <h3 id={`facet-${f}`}>{t(`search.facet.${f}`)}</h3>
          <ul>
            {results.facets[f].map((v) => {
              const text = t('search.facetValue', {
                value: facetLabel(t, locale, themes, f, v.value),
                count: v.count,
              });
              return (
                <li key={v.value}>
                  {v.selected ? (
                    <Link
                      href={searchHref(q, { [f]: null })}
                      aria-current="true"
                      class="search-facet--selected"
                    >
                      {text}
                    </Link>
                  ) : (
                    <Link href={searchHref(q, { [f]: v.value })}>{text}</Link>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t, locale } = useCtx();
  const other = hit.locale !== locale;
  const meta: string[] = [labelOr(t, [`search.type.${hit.type}`], hit.type)];
  // A feature names its own kinds as `search.kind.<type>.<kind>` (a cancelled meeting …).
  if (hit.kind)
    meta.push(
      labelOr(
        t,
        [
          `search.kind.${hit.type}.${hit.kind}`,
          `documents.type.${hit.kind}`,
          `documents.docType.${hit.kind}`,
        ],
        hit.kind,
      ),
    );
  if (hit.countryIso3) meta.push(countryName(hit.countryIso3, locale));
  if (other) meta.push(t('search.inLanguage', { language: LOCALE_NAMES[hit.locale] }));
  return (
    <li class="search-hit">
      <h3 class="search-hit__title">
        <Link href={hit.url} lang={other ? hit.locale : undefined} hreflang={other ? hit.locale : undefined}>
          <Marked segments={hit.titleSegments} />
        </Link>
      </h3>
      <p class="meta">
        {meta.join(' · ')}
        {hit.date && (
          <>
            {' · '}
            <time datetime={hit.date}>{formatDate(hit.date, locale)}</time>
          </>
        )}
        {hit.visibility !== 'public' && (
          <>
            {' '}
            <span class="badge badge--warn">
              {hit.visibility === 'members'
                ? t('search.visibility.members')
                : t('search.visibility.country', { country: countryName(hit.countryIso3 ?? '', locale) })}
            </span>
          </>
        )}
      </p>
      {hit.snippet.length > 0 && (
        <p class="search-hit__snippet" lang={other ? hit.locale : undefined}>
          <Marked segments={hit.snippet} />
        </p>
      )}
    </li>
  );
}

export function SearchPage({ results, themes }: { results: SearchResults; themes: ThemeNames }) {
  const { t } = useCtx();
  const q = results.query;
  const title = q.q ? t('search.titleWithQuery', { q: q.q }) : t('search.title');
  const hasFilters = FACETS.some((f) => q.filters[f]);
  return (
    <Layout
      title={title}
      help="/help/user-manual-search"
      head={<meta name="robots" content="noindex, follow" />}
    >
      <h1>{t('search.heading')}</h1>
      <SearchForm q={q.q} />
      {results.problem === 'blank' && (
        <>
          <h2>{t('search.blank.heading')}</h2>
          <p class="lead">{t('search.blank.intro')}</p>
          <Tips />
        </>
      )}
      {results.problem === 'stopwords' && (
        <>
          <p class="notice notice--info" role="status">
            {t('search.stopwords')}
          </p>
          <Tips />
        </>
      )}
      {results.problem === null && (
        <div class="search-layout">
          <div class="search-main">
            <h2 id="search-results-h" class="search-count">
              {t('search.resultCount', { count: results.total, q: q.q })}
            </h2>
            {results.total > 0 && (
              <p class="search-sort">
                {t('search.sortLabel')}{' '}
                {(['relevance', 'date'] as const).map((s, i) => (
                  <span key={s}>
                    {i > 0 && ' · '}
                    {q.sort === s ? (
                      <strong aria-current="true">{t(`search.sort.${s}`)}</strong>
                    ) : (
                      <Link href={searchHref(q, { sort: s })}>{t(`search.sort.${s}`)}</Link>
                    )}
                  </span>
                ))}
              </p>
            )}
            {results.total === 0 && (
              <div class="search-empty">
                <p>{t('search.noResults', { q: q.q })}</p>
                <ul>
                  {hasFilters && (
                    <li>
                      <Link href={searchHref({ ...q, filters: {} }, {})}>{t('search.noResultsFilters')}</Link>
                    </li>
                  )}
                  <li>{t('search.noResultsTips')}</li>
                </ul>
                <Tips />
              </div>
            )}
            {results.total > 0 && results.hits.length === 0 && (
              <p>
                {t('search.pageBeyond')}{' '}
                <Link href={searchHref(q, { page: 1 })}>{t('search.firstPage')}</Link>
              </p>
            )}
            {results.hits.length > 0 && (
              <ol
                class="search-results"
                start={(results.page - 1) * q.pageSize + 1}
                aria-labelledby="search-results-h"
              >
                {results.hits.map((h) => (
                  <Hit key={`${h.type}:${h.id}:${h.locale}`} hit={h} />
                ))}
              </ol>
            )}
            <Pagination page={results.page} pages={results.pages} base={searchHref(q)} />
          </div>
          <Facets results={results} themes={themes} />
        </div>
      )}
    </Layout>
  );
}
