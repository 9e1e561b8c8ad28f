import type { ComponentChildren } from 'preact';
import { LOCALE_NAMES, LOCALES } from '../platform/i18n/locales.ts';
import { Form, Link } from './components.tsx';
import { useCtx } from './context.ts';

export interface LayoutProps {
  title: string;
  children: ComponentChildren;
  /** Path of the manual section that explains this page, without the locale. */
  help?: string;
  /** Extra elements for <head> (feeds, schema.org). */
  head?: ComponentChildren;
  /** Name of a client island script to load. */
  island?: string;
  /** Set when the page shows a form with errors, to prefix the title. */
  hasErrors?: boolean;
  /** Hide the page's own h1 (the page renders its own). */
  wide?: boolean;
}

export function Layout(props: LayoutProps) {
  const ctx = useCtx();
  const { t, locale, actor, path, search } = ctx;
  const nav = ctx.nav.filter((n) => !n.visible || n.visible(actor)).sort((a, b) => a.order - b.order);
  // The current section is the longest nav path that contains this page.
  const current = nav
    .filter((n) => path === n.href || (n.href !== '/' && path.startsWith(`${n.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const title = `${props.hasErrors ? `${t('form.errorTitlePrefix')} ` : ''}${props.title} — ${ctx.siteName}`;
  const island = props.island ? ctx.assets.scripts[props.island] : undefined;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={ctx.assets.css} />
        {LOCALES.map((l) => (
          <link key={l} rel="alternate" hreflang={l} href={`/${l}${path === '/' ? '' : path}${search}`} />
        ))}
        <link rel="alternate" hreflang="x-default" href={`/${path === '/' ? '' : path.slice(1)}`} />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={t('news.feedTitle')}
          href={`/${locale}/news/feed.xml`}
        />
        {props.head}
        {ctx.assets.scripts.app && <script type="module" src={ctx.assets.scripts.app} />}
        {island && <script type="module" src={island} />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <Link href="/" class="brand">
              <span class="brand-mark" aria-hidden="true">
                S
              </span>
              <span>
                <strong>{ctx.siteName}</strong>
                <span class="brand-sub">{t('layout.tagline')}</span>
              </span>
            </Link>
            <nav class="lang-switch" aria-label={t('layout.languages')}>
              <ul>
                {LOCALES.map((l) => (
                  <li key={l}>
                    <a
                      href={`/${l}${path === '/' ? '' : path}${search}`}
                      hreflang={l}
                      lang={l}
                      aria-current={l === locale ? 'true' : undefined}
                    >
                      {LOCALE_NAMES[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div class="container header-row header-row--tools">
            <form method="get" action={`/${locale}/search`} role="search" class="site-search">
              <label for="site-search-q" class="visually-hidden">
                {t('layout.searchLabel')}
              </label>
              <input id="site-search-q" name="q" type="search" placeholder={t('layout.searchPlaceholder')} />
              <button type="submit" class="button button--secondary">
                {t('layout.searchButton')}
              </button>
            </form>
            <div class="account-links">
              {actor ? (
                <>
                  <Link
                    href="/notifications"
                    class="notif-link"
                    aria-current={path === '/notifications' ? 'page' : undefined}
                  >
                    {t('notifications.header.link')}
                    {ctx.unreadNotifications ? (
                      <>
                        {' '}
                        <span class="notif-count" aria-hidden="true">
                          {ctx.unreadNotifications >= 100 ? '99+' : ctx.unreadNotifications}
                        </span>
                        <span class="visually-hidden">
                          {' '}
                          ({t('notifications.header.unread', { count: ctx.unreadNotifications })})
                        </span>
                      </>
                    ) : null}
                  </Link>
                  <Link href="/account">{actor.name}</Link>
                  <Form action="/logout" class="inline-form">
                    <button type="submit" class="link-button">
                      {t('layout.logout')}
                    </button>
                  </Form>
                </>
              ) : (
                <Link
                  href={`/login${path !== '/' && path !== '/login' ? `?next=${encodeURIComponent(path)}` : ''}`}
                >
                  {t('layout.login')}
                </Link>
              )}
            </div>
          </div>
          <nav class="main-nav" aria-label={t('layout.mainNav')}>
            <ul class="container">
              {nav.map((n) => (
                <li key={n.href}>
                  <Link href={n.href} aria-current={n.href === current ? 'page' : undefined}>
                    {t(n.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {props.help && (
            <p class="help-link">
              <Link href={props.help}>{t('layout.helpForPage')}</Link>
            </p>
          )}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <ul class="footer-links">
              <li>
                <Link href="/about">{t('layout.about')}</Link>
              </li>
              <li>
                <Link href="/links">{t('layout.links')}</Link>
              </li>
              <li>
                <Link href="/help">{t('layout.help')}</Link>
              </li>
              <li>
                <Link href="/sitemap">{t('layout.sitemap')}</Link>
              </li>
              <li>
                <a href="/api/docs">{t('layout.api')}</a>
              </li>
            </ul>
            <p>{t('layout.footerNote')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
