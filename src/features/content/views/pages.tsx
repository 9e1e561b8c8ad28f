import type { ContentPage } from '../../../db/schema.ts';
import { formatDate, pick } from '../../../platform/i18n/format.ts';
import { Link, LocalizedText, Notice } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { ManualMarkdown } from './manual-markdown.tsx';
import { LocalizedMarkdown, ManageLink } from './shared.tsx';

function DraftNotice({ page }: { page: ContentPage }) {
  const { t } = useCtx();
  if (page.published) return null;
  return <Notice kind="warning">{t('content.pages.draftNotice')}</Notice>;
}

function Updated({ page }: { page: ContentPage }) {
  const { t, locale } = useCtx();
  return <p class="meta">{t('content.pages.updated', { date: formatDate(page.updated_at, locale) })}</p>;
}

/** A page of the site (`/pages/:slug`, and `/about`). */
export function ContentPageView({ page, canManage }: { page: ContentPage; canManage: boolean }) {
  const { t, locale } = useCtx();
  const title = pick(page.title, locale, page.orig_locale);
  return (
    <Layout title={title.text}>
      <article class="content-page">
        <h1>
          <LocalizedText picked={title} />
        </h1>
        <DraftNotice page={page} />
        <LocalizedMarkdown value={page.body} orig={page.orig_locale} />
        <Updated page={page} />
      </article>
      {canManage && <ManageLink href={`/admin/pages/${page.slug}/edit`} label={t('content.pages.edit')} />}
    </Layout>
  );
}

/** `/help`: the manuals, each with its chapters. */
export function HelpIndex({ manuals }: { manuals: { manual: ContentPage; chapters: ContentPage[] }[] }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.help.title')}>
      <h1>{t('content.help.title')}</h1>
      <p class="lead">{t('content.help.lead')}</p>
      {manuals.length === 0 && <p>{t('content.help.none')}</p>}
      {manuals.map(({ manual, chapters }) => (
        <section key={manual.slug} class="card manual-card">
          <h2>
            <Link href={`/help/${manual.slug}`}>
              <LocalizedText picked={pick(manual.title, locale, manual.orig_locale)} />
            </Link>
          </h2>
          {chapters.length > 0 && (
            <ol>
              {chapters.map((c) => (
                <li key={c.slug}>
                  <Link href={`/help/${c.slug}`}>
                    <LocalizedText picked={pick(c.title, locale, c.orig_locale)} />
                  </Link>
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
      <p>
        <Link href="/about">{t('layout.about')}</Link>
      </p>
    </Layout>
  );
}

export interface ManualView {
  manual: ContentPage;
  chapters: ContentPage[];
  /** The page shown: the manual itself or one of its chapters. */
  current: ContentPage;
}

function Toc({ manual, chapters, current }: ManualView) {
  const { t, locale } = useCtx();
  return (
    <nav class="manual-toc no-print" aria-labelledby="manual-toc-title">
      <h2 id="manual-toc-title">{t('content.help.contents')}</h2>
      <ol>
        <li>
          <Link
            href={`/help/${manual.slug}`}
            aria-current={current.slug === manual.slug ? 'page' : undefined}
          >
            {t('content.help.introduction')}
          </Link>
        </li>
        {chapters.map((c) => (
          <li key={c.slug}>
            <Link href={`/help/${c.slug}`} aria-current={current.slug === c.slug ? 'page' : undefined}>
              <LocalizedText picked={pick(c.title, locale, c.orig_locale)} />
            </Link>
          </li>
        ))}
      </ol>
      <p>
        <Link href={`/help/${manual.slug}/print`}>{t('content.help.printable')}</Link>
      </p>
    </nav>
  );
}

/** A manual (its introduction) or one of its chapters, with contents and previous/next links. */
export function HelpPageView(props: ManualView & { canManage: boolean }) {
  const { t, locale } = useCtx();
  const { manual, chapters, current } = props;
  const sequence = [manual, ...chapters];
  const i = sequence.findIndex((p) => p.slug === current.slug);
  const prev = i > 0 ? sequence[i - 1] : undefined;
  const next = i >= 0 && i < sequence.length - 1 ? sequence[i + 1] : undefined;
  const title = pick(current.title, locale, current.orig_locale);
  const manualTitle = pick(manual.title, locale, manual.orig_locale);
  return (
    <Layout title={title.text}>
      <nav class="breadcrumbs no-print" aria-label={t('content.breadcrumbs')}>
        <ol>
          <li>
            <Link href="/help">{t('content.help.title')}</Link>
          </li>
          {current.slug !== manual.slug && (
            <li>
              <Link href={`/help/${manual.slug}`}>
                <LocalizedText picked={manualTitle} />
              </Link>
            </li>
          )}
        </ol>
      </nav>
      <div class="with-sidebar manual">
        <Toc manual={manual} chapters={chapters} current={current} />
        <article class="content-page">
          {current.slug !== manual.slug && (
            <p class="manual-name">
              <LocalizedText picked={manualTitle} />
            </p>
          )}
          <h1>
            <LocalizedText picked={title} />
          </h1>
          <DraftNotice page={current} />
          <ManualMarkdown value={current.body} orig={current.orig_locale} />
          <nav class="prev-next no-print" aria-label={t('content.help.prevNext')}>
            {prev && (
              <Link href={`/help/${prev.slug}`} rel="prev" class="prev-next__prev">
                <span class="prev-next__label">{t('content.help.previous')}</span>{' '}
                {prev.slug === manual.slug ? (
                  t('content.help.introduction')
                ) : (
                  <LocalizedText picked={pick(prev.title, locale, prev.orig_locale)} />
                )}
              </Link>
            )}
            {next && (
              <Link href={`/help/${next.slug}`} rel="next" class="prev-next__next">
                <span class="prev-next__label">{t('content.help.next')}</span>{' '}
                <LocalizedText picked={pick(next.title, locale, next.orig_locale)} />
              </Link>
            )}
          </nav>
          <Updated page={current} />
          {props.canManage && (
            <ManageLink href={`/admin/pages/${current.slug}/edit`} label={t('content.pages.edit')} />
          )}
        </article>
      </div>
    </Layout>
  );
}

/** The whole manual on one page, for printing or saving as PDF. */
export function HelpPrintView({ manual, chapters }: { manual: ContentPage; chapters: ContentPage[] }) {
  const { t, locale } = useCtx();
  const title = pick(manual.title, locale, manual.orig_locale);
  return (
    <Layout title={title.text}>
      <p class="no-print">
        <Link href={`/help/${manual.slug}`}>{t('content.help.backToManual')}</Link>
      </p>
      <article class="content-page manual-print">
        <h1>
          <LocalizedText picked={title} />
        </h1>
        <ManualMarkdown value={manual.body} orig={manual.orig_locale} />
        <nav aria-labelledby="print-toc-title">
          <h2 id="print-toc-title">{t('content.help.contents')}</h2>
          <ol>
            {chapters.map((c) => (
              <li key={c.slug}>
                <a href={`#chapter-${c.slug}`}>
                  <LocalizedText picked={pick(c.title, locale, c.orig_locale)} />
                </a>
              </li>
            ))}
          </ol>
        </nav>
        {chapters.map((c) => (
          <section key={c.slug} id={`chapter-${c.slug}`} class="manual-chapter">
            <h2>
              <LocalizedText picked={pick(c.title, locale, c.orig_locale)} />
            </h2>
            <ManualMarkdown value={c.body} orig={c.orig_locale} minHeadingLevel={3} />
          </section>
        ))}
      </article>
    </Layout>
  );
}
