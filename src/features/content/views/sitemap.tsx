import type { SitemapEntry } from '../../../platform/content/registry.ts';
import { pick } from '../../../platform/i18n/format.ts';
import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { SitemapSection } from '../sitemap.ts';

function EntryTitle({ entry }: { entry: SitemapEntry }) {
  const { t, locale } = useCtx();
  if (entry.titleKey) return <>{t(entry.titleKey)}</>;
  return <LocalizedText picked={pick(entry.title ?? {}, locale, entry.origLocale ?? 'en')} />;
}

function EntryList({ entries, parent }: { entries: SitemapEntry[]; parent?: string }) {
  const known = new Set(entries.map((e) => e.path));
  const level = entries.filter((e) => (parent ? e.parent === parent : !e.parent || !known.has(e.parent)));
  if (level.length === 0) return null;
  return (
    <ul>
      {level.map((e) => (
        <li key={e.path}>
          <Link href={e.path}>
            <EntryTitle entry={e} />
          </Link>
          <EntryList entries={entries} parent={e.path} />
        </li>
      ))}
    </ul>
  );
}

export function SitemapPage({ sections }: { sections: SitemapSection[] }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.sitemap.title')}>
      <h1>{t('content.sitemap.title')}</h1>
      <p class="lead">{t('content.sitemap.lead')}</p>
      <div class="sitemap">
        {sections.map((s) => (
          <section key={s.href ?? s.label}>
            <h2>{s.href ? <Link href={s.href}>{t(s.label)}</Link> : t(s.label)}</h2>
            <EntryList entries={s.entries} />
          </section>
        ))}
      </div>
      <p class="meta">
        <a href="/sitemap.xml" hreflang={locale}>
          {t('content.sitemap.xml')}
        </a>
      </p>
    </Layout>
  );
}
