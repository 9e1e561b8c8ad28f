import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { attachmentRoutes } from '../platform/files/attachments.ts';
import { accountsRoutes } from './accounts/routes.tsx';
import { adminRoutes } from './admin/routes.tsx';
import { consultationsRoutes } from './consultations/routes.tsx';
import { contentRoutes } from './content/routes.tsx';
import { cooperationRoutes } from './cooperation/routes.tsx';
import { countriesRoutes } from './countries/routes.tsx';
import { dashboardRoutes } from './dashboard/routes.tsx';
import { documentsRoutes } from './documents/routes.tsx';
import { meetingsRoutes } from './meetings/routes.tsx';
import { notificationsRoutes } from './notifications/routes.tsx';
import { proposalsRoutes } from './proposals/routes.tsx';
import { searchRoutes } from './search/routes.tsx';
import { explorerRoutes } from './statistics/explorer/routes.tsx';
import { statisticsRoutes } from './statistics/routes.tsx';
import { sdmxRoutes } from './statistics/sdmx/routes.ts';
import { studyGroupsRoutes } from './study-groups/routes.tsx';

/**
 * Each feature registers its pages, its API routes, its navigation entry (the menu is sorted by
 * each entry's `order`) and what it adds to other features' registries.
 */
export async function registerFeatures(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(contentRoutes, { deps });
  await app.register(accountsRoutes, { deps });
  await app.register(countriesRoutes, { deps });
  await app.register(notificationsRoutes, { deps });
  await app.register(searchRoutes, { deps });
  await app.register(adminRoutes, { deps });
  await app.register(explorerRoutes, { deps });
  await app.register(sdmxRoutes, { deps });
  await app.register(statisticsRoutes, { deps });
  await app.register(studyGroupsRoutes, { deps });
  await app.register(proposalsRoutes, { deps });
  await app.register(documentsRoutes, { deps });
  await app.register(cooperationRoutes, { deps });
  await app.register(attachmentRoutes, { deps });
  await app.register(consultationsRoutes, { deps });
  await app.register(meetingsRoutes, { deps });
  await app.register(dashboardRoutes, { deps });
}
