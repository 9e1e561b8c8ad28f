import type { ContentPage, News, Theme } from '../../../db/schema.ts';
import { formatDate, pick } from '../../../platform/i18n/format.ts';
import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';

export function HomePage(props: {
  themes: Theme[];
  news: News[];
  plan?: ContentPage;
  declaration?: ContentPage;
}) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('home.title')} help="/help/user-manual">
      <section class="hero">
        <h1>{t('home.heading')}</h1>
        <p class="lead">{t('home.lead')}</p>
      </section>
      <div class="grid grid--2">
        {[props.plan, props.declaration].map(
          (p) =>
            p && (
              <section class="card" key={p.slug}>
                <h2>
                  <LocalizedText picked={pick(p.title, locale, p.orig_locale)} />
                </h2>
                <p>
                  <Link href={`/pages/${p.slug}`}>{t('home.readMore')}</Link>
                </p>
              </section>
            ),
        )}
      </div>
      <section>
        <h2>{t('home.themes')}</h2>
        <ul class="theme-list">
          {props.themes.map((th) => (
            <li key={th.id}>
              <Link href={`/themes/${th.code}`}>
                <LocalizedText picked={pick(th.name, locale, th.orig_locale)} />
              </Link>
            </li>
          ))}
        </ul>
        <p>
          <Link href="/themes">{t('home.allThemes')}</Link>
        </p>
      </section>
      <section>
        <h2>{t('home.news')}</h2>
        {props.news.length === 0 ? (
          <p>{t('home.noNews')}</p>
        ) : (
          <ul class="news-list">
            {props.news.map((n) => (
              <li key={n.id}>
                <Link href={`/news/${n.id}`}>
                  <LocalizedText picked={pick(n.title, locale, n.orig_locale)} />
                </Link>{' '}
                <time dateTime={n.published_at ?? ''}>{formatDate(n.published_at!, locale)}</time>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href="/news">{t('home.allNews')}</Link>
        </p>
      </section>
    </Layout>
  );
}
