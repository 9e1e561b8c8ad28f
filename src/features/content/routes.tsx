import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { render } from '../../platform/http/render.tsx';
import { contentRepository } from './repository.ts';
import { HomePage } from './views/home.tsx';

export async function contentRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  deps.nav.push({ label: 'nav.home', href: '/', order: 0 });

  app.get('/:locale', { schema: { hide: true } }, async (request, reply) => {
    const [themes, news, plan, declaration] = await Promise.all([
      repo.listThemes(),
      repo.latestNews(5),
      repo.pageBySlug('plan-of-action'),
      repo.pageBySlug('ilo-declaration'),
    ]);
    return render(request, reply, <HomePage themes={themes} news={news} plan={plan} declaration={declaration} />);
  });
}
