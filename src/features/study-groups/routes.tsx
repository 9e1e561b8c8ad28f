import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/policy.ts';
import { HttpError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { intParam, localizedFrom, str } from '../../platform/http/form.ts';
import { pageAction, signInThenBack as signIn, signedIn } from '../../platform/http/page-actions.ts';
import { allowedParam, pageCount, pageParam, queryString } from '../../platform/http/query.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { parseLocalized } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import { search } from '../../platform/search/index.ts';
import { canReadDocument } from '../documents/policy.ts';
import { studyGroupsApi } from './api.ts';
import { parseGroupFilters } from './filters.ts';
import { PAGE_SIZE, POSTS_PER_PAGE, type StudyGroup } from './model.ts';
import { type GroupListFilters, type SharedDocumentRow, studyGroupRepository } from './repository.ts';
import { type GroupForSection, loadGroupSections } from './sections.ts';
import { canModerate, canParticipate, studyGroupService } from './service.ts';
import {
  DocumentsPage,
  EditGroupPage,
  type GroupFormValues,
  type FoundDocument,
  GroupListPage,
  GroupPage,
  type GroupPageProps,
  MembersPage,
  NewThreadPage,
  ThemeGroups,
  ThreadPage,
} from './views/pages.tsx';

type Params = { locale: Locale; id: string; mid?: string; tid?: string; pid?: string; lid?: string };

const NOTICES = new Set([
  'requested',
  'approved',
  'declined',
  'left',
  'saved',
  'threadCreated',
  'posted',
  'postDeleted',
  'shared',
  'unshared',
  'outputMarked',
  'outputUnmarked',
  'deleted',
]);
const PROBLEMS = new Set([
  'alreadyMember',
  'alreadyRequested',
  'notPending',
  'notMember',
  'moderatorLeaves',
  'closed',
]);

function filterQuery(f: GroupListFilters): string {
  return queryString({ status: f.status, theme: f.theme, country: f.country });
}

/** The shared documents this reader may open, and how many others there are. */
export function visibleDocuments(actor: Actor | null, rows: SharedDocumentRow[]) {
  const visible = rows.filter((d) => canReadDocument(actor, d));
  return { visible, hidden: rows.length - visible.length };
}

export async function studyGroupsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = studyGroupRepository(deps.db);
  const service = studyGroupService(deps);
  deps.nav.push({ label: 'studyGroups.nav', href: '/study-groups', order: 50 });

  await app.register(studyGroupsApi, { deps, service, repo });

  deps.themeSections.push({
    key: 'study-groups',
    order: 50,
    async load({ theme }) {
      const { rows, total } = await repo.list({ theme: theme.code }, 1, 5);
      if (total === 0) return null;
      return <ThemeGroups rows={rows} code={theme.code} total={total} />;
    },
  });

  deps.sitemap.push({
    label: 'studyGroups.title',
    href: '/study-groups',
    order: 50,
    async entries() {
      const { rows } = await repo.list({}, 1, 5000);
      return rows.map((g) => ({
        path: `/study-groups/${g.id}`,
        title: parseLocalized(g.title),
        origLocale: g.orig_locale,
        lastmod: g.updated_at,
      }));
    },
  });

  async function groupOr404(id: string): Promise<StudyGroup> {
    const n = intParam(id);
    const g = n ? await repo.byId(n) : undefined;
    if (!g) throw new NotFoundError();
    return g;
  }

  type GroupRequest = FastifyRequest<{ Params: Params }>;
  const loadGroup = (request: GroupRequest) => groupOr404(request.params.id);

  /** A route of one group for signed-in people (see `signedIn`); visitors come back to `back`. */
  function groupRoute(
    method: 'get' | 'post',
    path: string,
    back: (g: StudyGroup, request: GroupRequest) => string,
    handler: (
      request: GroupRequest,
      reply: FastifyReply,
      g: StudyGroup,
      actor: Actor,
    ) => Promise<FastifyReply>,
  ) {
    app[method]<{ Params: Params }>(
      `/:locale/study-groups/:id${path}`,
      { schema: { hide: true } },
      signedIn(loadGroup, back, handler),
    );
  }

  /** One-button actions on a group; understandable refusals come back as a notice on the page. */
  function groupAction(
    path: string,
    run: (actor: Actor, g: StudyGroup, request: GroupRequest) => Promise<unknown>,
    done: (g: StudyGroup) => string,
  ) {
    app.post<{ Params: Params }>(
      `/:locale/study-groups/:id${path}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const g = await loadGroup(request);
        return pageAction(request, reply, {
          page: `/study-groups/${g.id}`,
          problemPrefix: 'studyGroups.error.',
          problems: PROBLEMS,
          run: (actor) => run(actor, g, request),
          done: done(g),
        });
      },
    );
  }

  // --- list -------------------------------------------------------------------------------------

  app.get<{ Params: Params }>('/:locale/study-groups', { schema: { hide: true } }, async (request, reply) => {
    const filters = parseGroupFilters(request.query);
    const page = pageParam(request.query);
    const actor = request.actor;
    const [{ rows, total }, themeRows, countries, mine] = await Promise.all([
      repo.list(filters, page, PAGE_SIZE),
      repo.themes(),
      deps.db
        .selectFrom('study_group_members')
        .select('country_iso3')
        .distinct()
        .where('status', '=', 'member')
        .where('country_iso3', 'is not', null)
        .execute(),
      actor ? repo.groupIdsOf(actor.id) : Promise.resolve([]),
    ]);
    const myGroups = mine.length
      ? await deps.db
          .selectFrom('study_groups')
          .select(['id', 'title', 'orig_locale'])
          .where('id', 'in', mine)
          .orderBy('created_at', 'desc')
          .execute()
      : [];
    return render(
      request,
      reply,
      <GroupListPage
        rows={rows}
        total={total}
        page={page}
        perPage={PAGE_SIZE}
        filters={filters}
        themes={themeRows}
        countries={countries.map((c) => c.country_iso3!)}
        query={filterQuery(filters)}
        myGroups={myGroups}
        notice={allowedParam(request.query, 'notice', NOTICES)}
      />,
    );
  });

  // --- group page -------------------------------------------------------------------------------

  app.get<{ Params: Params }>(
    '/:locale/study-groups/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const g = await groupOr404(request.params.id);
      const actor = request.actor;
      const threadPage = pageParam(request.query);
      const [members, docs, themeRows, moderator, isModerator, participate, proposal] = await Promise.all([
        repo.members(g.id),
        repo.documents(g.id),
        repo.themes(),
        deps.db
          .selectFrom('users')
          .select(['id', 'name', 'country_iso3'])
          .where('id', '=', g.moderator_id)
          .executeTakeFirst(),
        canModerate(deps.db, actor, g.id),
        canParticipate(deps.db, actor, g.id),
        g.proposal_id
          ? deps.db
              .selectFrom('proposals')
              .select('id')
              .where('id', '=', g.proposal_id)
              .where('deleted_at', 'is', null)
              .executeTakeFirst()
          : Promise.resolve(undefined),
      ]);
      const mine = actor
        ? members.find((m) => m.user_id === actor.id && (m.status === 'member' || m.status === 'requested'))
        : undefined;
      const isMember = mine?.status === 'member';
      const threads = await repo.threads(g.id, participate || isModerator ? threadPage : 1, 20);
      const { visible, hidden } = visibleDocuments(actor, docs);
      const forSection: GroupForSection = { ...g, viewerIsMember: isMember, viewerIsModerator: isModerator };
      const sections = await loadGroupSections(deps, actor, forSection, request.log);
      const viewer: GroupPageProps['viewer'] = {
        isMember,
        isModerator,
        canParticipate: participate,
        pending: mine?.status === 'requested',
        canJoin:
          !mine && g.status === 'active' && can(actor, 'group.join', { countryIso3: actor?.countryIso3 }),
        pendingRequests: isModerator ? members.filter((m) => m.status === 'requested').length : 0,
      };
      return render(
        request,
        reply,
        <GroupPage
          group={g}
          theme={themeRows.find((th) => th.id === g.theme_id) ?? null}
          moderator={moderator ?? null}
          proposal={proposal ?? null}
          members={members}
          documents={visible}
          hiddenDocuments={hidden}
          threads={participate || isModerator ? threads.rows : []}
          threadTotal={threads.total}
          threadPage={threadPage}
          sections={sections}
          viewer={viewer}
          notice={allowedParam(request.query, 'notice', NOTICES)}
          problem={allowedParam(request.query, 'problem', PROBLEMS)}
        />,
      );
    },
  );

  groupAction(
    '/join',
    (actor, g) => service.requestToJoin(actor, g.id),
    (g) => `/study-groups/${g.id}?notice=requested`,
  );
  groupAction(
    '/leave',
    (actor, g) => service.leave(actor, g.id),
    (g) => `/study-groups/${g.id}?notice=left`,
  );

  // --- members ----------------------------------------------------------------------------------

  app.get<{ Params: Params }>(
    '/:locale/study-groups/:id/members',
    { schema: { hide: true } },
    async (request, reply) => {
      const g = await groupOr404(request.params.id);
      const [members, moderate] = await Promise.all([
        repo.members(g.id),
        canModerate(deps.db, request.actor, g.id),
      ]);
      return render(
        request,
        reply,
        <MembersPage
          group={g}
          members={members}
          canModerate={moderate}
          notice={allowedParam(request.query, 'notice', NOTICES)}
        />,
      );
    },
  );

  for (const decision of ['approve', 'decline'] as const) {
    groupAction(
      `/members/:mid/${decision}`,
      (actor, g, request) => {
        const mid = intParam(request.params.mid);
        if (!mid) throw new NotFoundError();
        return service.decideJoin(actor, g.id, mid, decision === 'approve');
      },
      (g) => `/study-groups/${g.id}/members?notice=${decision === 'approve' ? 'approved' : 'declined'}`,
    );
  }

  // --- edit -------------------------------------------------------------------------------------

  async function editPage(
    request: GroupRequest,
    reply: FastifyReply,
    g: StudyGroup,
    actor: Actor,
    values: GroupFormValues,
    errors?: ValidationError['errors'],
  ) {
    return render(
      request,
      reply,
      <EditGroupPage
        group={g}
        secretariat={can(actor, 'group.moderate')}
        members={await repo.members(g.id)}
        values={values}
        errors={errors}
      />,
      errors ? 422 : 200,
    );
  }

  groupRoute(
    'get',
    '/edit',
    (g) => `/study-groups/${g.id}/edit`,
    async (request, reply, g, actor) => {
      if (!(await canModerate(deps.db, actor, g.id))) throw new HttpError(403, 'error.forbidden');
      return editPage(request, reply, g, actor, {
        title: parseLocalized(g.title),
        description: parseLocalized(g.description),
        status: g.status,
        moderatorId: String(g.moderator_id),
      });
    },
  );

  groupRoute(
    'post',
    '/edit',
    (g) => `/study-groups/${g.id}/edit`,
    async (request, reply, g, actor) => {
      const values = {
        title: localizedFrom(request.body, 'title'),
        description: localizedFrom(request.body, 'description'),
        status: str(request.body, 'status') || g.status,
        moderatorId: str(request.body, 'moderator_id') || String(g.moderator_id),
      };
      try {
        await service.update(actor, g.id, {
          title: values.title,
          description: values.description,
          status: values.status === 'closed' ? 'closed' : 'active',
          moderatorId: intParam(values.moderatorId) ?? undefined,
        });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return editPage(request, reply, g, actor, values, err.errors);
      }
      return redirectLocal(request, reply, `/study-groups/${g.id}?notice=saved`);
    },
  );

  groupRoute(
    'post',
    '/delete',
    (g) => `/study-groups/${g.id}/edit`,
    async (request, reply, g, actor) => {
      await service.remove(actor, g.id);
      return redirectLocal(request, reply, '/study-groups?notice=deleted');
    },
  );

  // --- discussions ------------------------------------------------------------------------------

  async function participantOr403(actor: Actor, g: StudyGroup): Promise<void> {
    if (!(await canParticipate(deps.db, actor, g.id)))
      throw new HttpError(403, 'studyGroups.error.membersOnly');
  }

  groupRoute(
    'get',
    '/threads/new',
    (g) => `/study-groups/${g.id}/threads/new`,
    async (request, reply, g, actor) => {
      await participantOr403(actor, g);
      return render(request, reply, <NewThreadPage group={g} values={{ title: '', body: '' }} />);
    },
  );

  groupRoute(
    'post',
    '/threads',
    (g) => `/study-groups/${g.id}`,
    async (request, reply, g, actor) => {
      const values = { title: str(request.body, 'title'), body: str(request.body, 'body') };
      try {
        const id = await service.createThread(actor, g.id, { ...values, locale: request.locale });
        return redirectLocal(request, reply, `/study-groups/${g.id}/threads/${id}?notice=threadCreated`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(request, reply, <NewThreadPage group={g} values={values} errors={err.errors} />, 422);
      }
    },
  );

  async function showThread(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    g: StudyGroup,
    extra: { values?: { body: string }; errors?: ValidationError['errors']; page?: number } = {},
  ) {
    const actor = request.actor;
    const tid = intParam(request.params.tid);
    const thread = tid ? await repo.thread(tid) : undefined;
    if (!thread || thread.group_id !== g.id) throw new NotFoundError();
    // Discussions are the members' working space: others are told it exists, not what it says.
    if (!actor) return signIn(request, reply, `/study-groups/${g.id}/threads/${thread.id}`);
    const [participate, moderate] = await Promise.all([
      canParticipate(deps.db, actor, g.id),
      canModerate(deps.db, actor, g.id),
    ]);
    if (!participate && !moderate) throw new HttpError(403, 'studyGroups.error.membersOnly');
    const page = extra.page ?? pageParam(request.query);
    const { rows, total } = await repo.posts(thread.id, page, POSTS_PER_PAGE);
    return render(
      request,
      reply,
      <ThreadPage
        group={g}
        thread={thread}
        posts={rows}
        page={page}
        pages={pageCount(total, POSTS_PER_PAGE)}
        canPost={participate}
        canRemove={(p) => p.user_id === actor.id || moderate}
        values={extra.values}
        errors={extra.errors}
        notice={allowedParam(request.query, 'notice', NOTICES)}
      />,
      extra.errors ? 422 : 200,
    );
  }

  app.get<{ Params: Params }>(
    '/:locale/study-groups/:id/threads/:tid',
    { schema: { hide: true } },
    async (request, reply) => showThread(request, reply, await groupOr404(request.params.id)),
  );

  groupRoute(
    'post',
    '/threads/:tid/posts',
    (g, request) => `/study-groups/${g.id}/threads/${intParam(request.params.tid) ?? ''}`,
    async (request, reply, g, actor) => {
      const tid = intParam(request.params.tid);
      const thread = tid ? await repo.thread(tid) : undefined;
      if (!thread || thread.group_id !== g.id) throw new NotFoundError();
      const body = str(request.body, 'body');
      try {
        const { postId } = await service.addPost(actor, thread.id, { body, locale: request.locale });
        const { total } = await repo.posts(thread.id, 1, 1);
        const last = pageCount(total, POSTS_PER_PAGE);
        return redirectLocal(
          request,
          reply,
          `/study-groups/${g.id}/threads/${thread.id}?notice=posted${last > 1 ? `&page=${last}` : ''}#post-${postId}`,
        );
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const { total } = await repo.posts(thread.id, 1, 1);
        return showThread(request, reply, g, {
          values: { body },
          errors: err.errors,
          page: pageCount(total, POSTS_PER_PAGE),
        });
      }
    },
  );

  groupRoute(
    'post',
    '/threads/:tid/posts/:pid/delete',
    (g) => `/study-groups/${g.id}`,
    async (request, reply, g, actor) => {
      const pid = intParam(request.params.pid);
      if (!pid) throw new NotFoundError();
      const { threadId, groupId } = await service.removePost(actor, pid);
      if (groupId !== g.id) throw new NotFoundError();
      return redirectLocal(request, reply, `/study-groups/${g.id}/threads/${threadId}?notice=postDeleted`);
    },
  );

  // --- shared documents and outputs ---------------------------------------------------------------

  async function documentsPage(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    g: StudyGroup,
    actor: Actor,
    extra: { documentId?: string; errors?: ValidationError['errors'] } = {},
  ) {
    const [rows, moderate, participate] = await Promise.all([
      repo.documents(g.id),
      canModerate(deps.db, actor, g.id),
      canParticipate(deps.db, actor, g.id),
    ]);
    if (!moderate && !participate) throw new HttpError(403, 'studyGroups.error.membersOnly');
    const { visible } = visibleDocuments(actor, rows);
    const q = str(request.query, 'q').slice(0, 200);
    let found: FoundDocument[] | null = null;
    if (q && participate) {
      const results = await search(deps.db, actor, { q, type: 'document', pageSize: 20 });
      const seen = new Set<string>();
      const sharedIds = new Set(rows.map((r) => r.document_id));
      found = [];
      for (const h of results.hits) {
        if (seen.has(h.id)) continue;
        seen.add(h.id);
        found.push({
          id: Number(h.id),
          title: h.title,
          kind: h.kind,
          countryIso3: h.countryIso3,
          shared: sharedIds.has(Number(h.id)),
        });
      }
    }
    return render(
      request,
      reply,
      <DocumentsPage
        group={g}
        documents={visible}
        canModerate={moderate}
        canShare={participate}
        actorId={actor.id}
        q={q}
        found={found}
        documentId={extra.documentId ?? ''}
        errors={extra.errors}
        notice={allowedParam(request.query, 'notice', NOTICES)}
      />,
      extra.errors ? 422 : 200,
    );
  }

  groupRoute(
    'get',
    '/documents',
    (g) => `/study-groups/${g.id}/documents`,
    async (request, reply, g, actor) => {
      return documentsPage(request, reply, g, actor);
    },
  );

  groupRoute(
    'post',
    '/documents',
    (g) => `/study-groups/${g.id}/documents`,
    async (request, reply, g, actor) => {
      const raw = str(request.body, 'document_id');
      const documentId = intParam(raw.replace(/^#/, ''));
      try {
        if (!documentId)
          throw new ValidationError([{ field: 'document_id', key: 'studyGroups.error.documentId' }]);
        await service.shareDocument(actor, g.id, documentId);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return documentsPage(request, reply, g, actor, { documentId: raw, errors: err.errors });
      }
      return redirectLocal(request, reply, `/study-groups/${g.id}/documents?notice=shared`);
    },
  );

  groupRoute(
    'post',
    '/documents/:lid/output',
    (g) => `/study-groups/${g.id}/documents`,
    async (request, reply, g, actor) => {
      const lid = intParam(request.params.lid);
      if (!lid) throw new NotFoundError();
      const output = str(request.body, 'output') !== '0';
      await service.markOutput(actor, g.id, lid, output);
      return redirectLocal(
        request,
        reply,
        `/study-groups/${g.id}/documents?notice=${output ? 'outputMarked' : 'outputUnmarked'}`,
      );
    },
  );

  groupRoute(
    'post',
    '/documents/:lid/remove',
    (g) => `/study-groups/${g.id}/documents`,
    async (request, reply, g, actor) => {
      const lid = intParam(request.params.lid);
      if (!lid) throw new NotFoundError();
      await service.unshareDocument(actor, g.id, lid);
      return redirectLocal(request, reply, `/study-groups/${g.id}/documents?notice=unshared`);
    },
  );
}
