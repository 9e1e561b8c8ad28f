import type { Link as LinkRow } from '../../../db/schema.ts';
import { pick } from '../../../platform/i18n/format.ts';
import { LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { LINK_CATEGORIES } from '../service.ts';
import { ManageLink } from './shared.tsx';

/** Links grouped by category, in the order of LINK_CATEGORIES. */
export function groupLinks(links: LinkRow[]): { category: string; links: LinkRow[] }[] {
  const order = [...LINK_CATEGORIES, ...new Set(links.map((l) => l.category))].filter(
    (c, i, all) => all.indexOf(c) === i,
  );
  return order
    .map((category) => ({ category, links: links.filter((l) => l.category === category) }))
    .filter((g) => g.links.length > 0);
}

export function LinksPage({ links, canManage }: { links: LinkRow[]; canManage: boolean }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.links.title')}>
      <h1>{t('content.links.title')}</h1>
      <p class="lead">{t('content.links.lead')}</p>
      {canManage && <ManageLink href="/admin/links" label={t('content.links.manage')} />}
      {groupLinks(links).map((g) => (
        <section key={g.category} aria-labelledby={`links-${g.category}`}>
          <h2 id={`links-${g.category}`}>{t(`content.links.category.${g.category}`)}</h2>
          <ul class="plain-list link-list">
            {g.links.map((l) => {
              const description = pick(l.description, locale, l.orig_locale);
              return (
                <li key={l.id}>
                  <a href={l.url} rel="noopener noreferrer">
                    <LocalizedText picked={pick(l.name, locale, l.orig_locale)} />
                  </a>{' '}
                  <span class="meta link-host">{hostOf(l.url)}</span>
                  {description.text && <LocalizedText picked={description} as="p" />}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
