import type { ComponentChildren } from 'preact';
import type { Theme } from '../../../db/schema.ts';
import { pick } from '../../../platform/i18n/format.ts';
import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { LocalizedMarkdown, ManageLink } from './shared.tsx';

export function ThemesPage({ themes, canManage }: { themes: Theme[]; canManage: boolean }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.themes.title')}>
      <h1>{t('content.themes.title')}</h1>
      <p class="lead">{t('content.themes.lead')}</p>
      {canManage && <ManageLink href="/admin/themes" label={t('content.themes.manage')} />}
      <ul class="theme-cards">
        {themes.map((th) => (
          <li key={th.code} class="card">
            <h2>
              <Link href={`/themes/${th.code}`}>
                <LocalizedText picked={pick(th.name, locale, th.orig_locale)} />
              </Link>
            </h2>
            {pick(th.description, locale, th.orig_locale).text && (
              <LocalizedMarkdown value={th.description} orig={th.orig_locale} />
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** A theme and, below it, what the other features hold on it (see `deps.themeSections`). */
export function ThemePage(props: {
  theme: Theme;
  sections: { key: string; content: ComponentChildren }[];
  canManage: boolean;
}) {
  const { t, locale } = useCtx();
  const { theme } = props;
  const name = pick(theme.name, locale, theme.orig_locale);
  return (
    <Layout title={name.text}>
      <nav class="breadcrumbs no-print" aria-label={t('content.breadcrumbs')}>
        <ol>
          <li>
            <Link href="/themes">{t('content.themes.title')}</Link>
          </li>
        </ol>
      </nav>
      <h1>
        <LocalizedText picked={name} />
      </h1>
      {pick(theme.description, locale, theme.orig_locale).text && (
        <LocalizedMarkdown value={theme.description} orig={theme.orig_locale} />
      )}
      {props.sections.length === 0 ? (
        <p class="meta">{t('content.themes.nothingYet')}</p>
      ) : (
        props.sections.map((s) => (
          <section key={s.key} id={`theme-${s.key}`} class="theme-section">
            {s.content}
          </section>
        ))
      )}
      {props.canManage && (
        <ManageLink href={`/admin/themes/${theme.code}/edit`} label={t('content.themes.edit')} />
      )}
    </Layout>
  );
}
