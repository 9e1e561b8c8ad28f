import { Link } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { AdminLink } from '../links.ts';

export function AdminHomePage({ links }: { links: AdminLink[] }) {
  const { t } = useCtx();
  return (
    <Layout title={t('admin.home.title')} help="/help/secretariat-guide">
      <h1>{t('admin.home.title')}</h1>
      <p class="lead">{t('admin.home.lead')}</p>
      <ul class="admin-links">
        {links.map((l) => (
          <li key={l.id}>
            <Link href={l.href}>{t(l.label)}</Link>
            <p class="hint">{t(l.description)}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
