import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { render } from '../../platform/http/render.tsx';
import { dashboardApi } from './api.ts';
import { hasDashboard } from './model.ts';
import { dashboardFor } from './service.ts';
import { DashboardPage } from './views/dashboard.tsx';

export async function dashboardRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  deps.nav.push({ label: 'dashboard.nav', href: '/dashboard', order: 5, visible: hasDashboard });
  await app.register(dashboardApi, { deps });

  app.get('/:locale/dashboard', { schema: { hide: true } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) return reply.redirect(loginRedirect(request), 303);
    const dashboard = await dashboardFor(deps, actor, { locale: request.locale });
    return render(
      request,
      reply,
      <DashboardPage dashboard={dashboard} months={deps.config.staleIndicatorMonths} />,
    );
  });
}
