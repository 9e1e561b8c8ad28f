import type { News } from '../../../db/schema.ts';
import { markdownToText } from '../../../platform/content/markdown.ts';
import { formatDate, pick } from '../../../platform/i18n/format.ts';
import { Link, LocalizedText, Notice, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { LocalizedMarkdown, ManageLink } from './shared.tsx';

function FeedLink() {
  const { t, locale } = useCtx();
  return (
    <p class="feed-link">
      <a href={`/${locale}/news/feed.xml`} type="application/atom+xml">
        {t('content.news.feed')}
      </a>
    </p>
  );
}

export function NewsListPage(props: { items: News[]; page: number; pages: number; canManage: boolean }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.news.title')}>
      <h1>{t('content.news.title')}</h1>
      {props.canManage && <ManageLink href="/admin/news" label={t('content.news.manage')} />}
      {props.items.length === 0 ? (
        <p>{t('home.noNews')}</p>
      ) : (
        <ul class="news-list news-list--full">
          {props.items.map((n) => {
            const body = pick(n.body, locale, n.orig_locale);
            return (
              <li key={n.id}>
                <h2>
                  <Link href={`/news/${n.id}`}>
                    <LocalizedText picked={pick(n.title, locale, n.orig_locale)} />
                  </Link>
                </h2>
                <p class="meta">
                  <time dateTime={n.published_at ?? ''}>{formatDate(n.published_at!, locale)}</time>
                </p>
                <p lang={body.fallback ? body.lang : undefined}>{markdownToText(body.text, 280)}</p>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination page={props.page} pages={props.pages} base="/news" />
      <FeedLink />
    </Layout>
  );
}

export function NewsItemPage({ item, canManage }: { item: News; canManage: boolean }) {
  const { t, locale } = useCtx();
  const title = pick(item.title, locale, item.orig_locale);
  return (
    <Layout title={title.text}>
      <nav class="breadcrumbs no-print" aria-label={t('content.breadcrumbs')}>
        <ol>
          <li>
            <Link href="/news">{t('content.news.title')}</Link>
          </li>
        </ol>
      </nav>
      <article class="content-page">
        <h1>
          <LocalizedText picked={title} />
        </h1>
        {item.published_at ? (
          <p class="meta">
            <time dateTime={item.published_at}>{formatDate(item.published_at, locale)}</time>
          </p>
        ) : (
          <Notice kind="warning">{t('content.news.draftNotice')}</Notice>
        )}
        <LocalizedMarkdown value={item.body} orig={item.orig_locale} />
      </article>
      {canManage && <ManageLink href={`/admin/news/${item.id}/edit`} label={t('content.news.edit')} />}
      <FeedLink />
    </Layout>
  );
}
