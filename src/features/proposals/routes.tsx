import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { HttpError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { intParam, localizedFrom, str } from '../../platform/http/form.ts';
import { pageAction, signInThenBack as signIn, signedIn } from '../../platform/http/page-actions.ts';
import { allowedParam, pageCount, pageParam, queryString } from '../../platform/http/query.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import type { Localized } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import { proposalsApi } from './api.ts';
import { COMMENTS_PER_PAGE, isOpen, PAGE_SIZE, type Proposal } from './model.ts';
import { parseProposalFilters } from './filters.ts';
import { type ProposalFilters, proposalRepository } from './repository.ts';
import { proposalService } from './service.ts';
import {
  type DecisionFormValues,
  DecisionPage,
  ProposalFormPage,
  type ProposalFormValues,
  ProposalListPage,
  ProposalPage,
  type ProposalPageProps,
  ThemeProposals,
} from './views/pages.tsx';

type Params = { locale: Locale; id: string; cid?: string };

/** Notices and problems a redirect may name; anything else in the query is ignored. */
const NOTICES = new Set(['created', 'supported', 'withdrawn', 'commented', 'commentDeleted', 'decided']);
const PROBLEMS = new Set([
  'countrySupported',
  'ownCountry',
  'closedForSupport',
  'noSupport',
  'alreadyAccepted',
  'acceptedStays',
]);

function filterQuery(f: ProposalFilters): string {
  const { status, theme, country, sort } = f;
  return queryString({ status, theme, country, sort: sort !== 'newest' ? sort : null });
}

export async function proposalsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = proposalRepository(deps.db);
  const service = proposalService(deps);

  await app.register(proposalsApi, { deps, service, repo });

  deps.themeSections.push({
    key: 'proposals',
    order: 51,
    async load({ theme }) {
      const { rows, total } = await repo.list({ theme: theme.code }, 1, 5);
      if (total === 0) return null;
      return <ThemeProposals rows={rows} code={theme.code} total={total} />;
    },
  });

  deps.sitemap.push({
    label: 'proposals.title',
    href: '/proposals',
    order: 51,
    async entries() {
      const { rows } = await repo.list({}, 1, 5000);
      return rows.map((p) => ({
        path: `/proposals/${p.id}`,
        title: JSON.parse(p.title) as Localized,
        origLocale: p.orig_locale,
        lastmod: p.updated_at,
      }));
    },
  });

  async function proposalOr404(id: string): Promise<Proposal> {
    const n = intParam(id);
    const p = n ? await repo.byId(n) : undefined;
    if (!p) throw new NotFoundError();
    return p;
  }

  type ProposalRequest = FastifyRequest<{ Params: Params }>;

  /** A route of one proposal for signed-in people (see `signedIn`); visitors come back to `back`. */
  function proposalRoute(
    method: 'get' | 'post',
    path: string,
    back: (p: Proposal) => string,
    handler: (
      request: ProposalRequest,
      reply: FastifyReply,
      p: Proposal,
      actor: Actor,
    ) => Promise<FastifyReply>,
  ) {
    app[method]<{ Params: Params }>(
      `/:locale/proposals/:id${path}`,
      { schema: { hide: true } },
      signedIn((request: ProposalRequest) => proposalOr404(request.params.id), back, handler),
    );
  }

  function supportState(
    actor: Actor | null,
    p: Proposal,
    supports: Awaited<ReturnType<typeof repo.supportsOf>>,
  ) {
    if (!actor) return isOpen(p) ? { kind: 'none' as const } : { kind: 'closed' as const };
    const country = actor.countryIso3;
    const mine = country ? supports.find((s) => s.country_iso3 === country) : undefined;
    if (mine && mine.user_id === actor.id) return { kind: 'mine' as const };
    if (mine) return { kind: 'country' as const, by: mine.user_name };
    if (!isOpen(p)) return { kind: 'closed' as const };
    if (country && p.country_iso3 === country) return { kind: 'ownCountry' as const };
    if (can(actor, 'proposal.support', { countryIso3: country })) return { kind: 'can' as const };
    return { kind: 'none' as const };
  }

  async function showProposal(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    p: Proposal,
    extra: Partial<ProposalPageProps> = {},
    status = 200,
  ) {
    const actor = request.actor;
    const page = pageParam(request.query);
    const [supports, decisions, comments, author, themes, group] = await Promise.all([
      repo.supportsOf([p.id]),
      repo.decisions(p.id),
      repo.comments(p.id, page, COMMENTS_PER_PAGE),
      repo.person(p.created_by),
      repo.themes(),
      p.group_id
        ? deps.db
            .selectFrom('study_groups')
            .select(['id', 'title', 'orig_locale'])
            .where('id', '=', p.group_id)
            .where('deleted_at', 'is', null)
            .executeTakeFirst()
        : Promise.resolve(undefined),
    ]);
    const notice = allowedParam(request.query, 'notice', NOTICES);
    const problem = allowedParam(request.query, 'problem', PROBLEMS);
    return render(
      request,
      reply,
      <ProposalPage
        proposal={p}
        theme={themes.find((th) => th.id === p.theme_id) ?? null}
        author={author ?? null}
        supports={supports}
        decisions={decisions}
        comments={comments.rows}
        commentTotal={comments.total}
        commentPage={page}
        commentPages={pageCount(comments.total, COMMENTS_PER_PAGE)}
        group={group ?? null}
        support={supportState(actor, p, supports)}
        canComment={can(actor, 'proposal.comment')}
        canDecide={can(actor, 'proposal.decide') && p.status !== 'accepted'}
        canRemove={
          !!actor &&
          p.status !== 'accepted' &&
          (isSecretariat(actor) || (p.created_by === actor.id && p.status === 'submitted'))
        }
        canRemoveComment={(c) => !!actor && (c.user_id === actor.id || isSecretariat(actor))}
        notice={problem ? null : notice}
        problem={problem}
        {...extra}
      />,
      status,
    );
  }

  app.get<{ Params: Params }>('/:locale/proposals', { schema: { hide: true } }, async (request, reply) => {
    const filters = parseProposalFilters(request.query);
    const page = pageParam(request.query);
    const [{ rows, total }, themes] = await Promise.all([repo.list(filters, page, PAGE_SIZE), repo.themes()]);
    const supports = await repo.supportsOf(rows.map((r) => r.id));
    const actor = request.actor;
    return render(
      request,
      reply,
      <ProposalListPage
        rows={rows}
        supports={supports}
        total={total}
        page={page}
        perPage={PAGE_SIZE}
        filters={filters}
        themes={themes}
        canCreate={can(actor, 'proposal.create', {
          countryIso3: isSecretariat(actor) ? null : actor?.countryIso3,
        })}
        query={filterQuery(filters)}
      />,
    );
  });

  function mayPropose(actor: Actor): boolean {
    return can(actor, 'proposal.create', { countryIso3: isSecretariat(actor) ? null : actor.countryIso3 });
  }

  app.get<{ Params: Params }>(
    '/:locale/proposals/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = request.actor;
      if (!actor) return signIn(request, reply, '/proposals/new');
      if (!mayPropose(actor)) throw new ForbiddenError('proposal.create');
      const themes = await repo.themes();
      const values: ProposalFormValues = { title: {}, rationale: {}, origLocale: request.locale, theme: '' };
      return render(request, reply, <ProposalFormPage values={values} themes={themes} />);
    },
  );

  app.post<{ Params: Params }>('/:locale/proposals', { schema: { hide: true } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) return signIn(request, reply, '/proposals/new');
    const values: ProposalFormValues = {
      title: localizedFrom(request.body, 'title'),
      rationale: localizedFrom(request.body, 'rationale'),
      origLocale: str(request.body, 'orig_locale'),
      theme: str(request.body, 'theme'),
    };
    try {
      const id = await service.create(actor, values);
      return redirectLocal(request, reply, `/proposals/${id}?notice=created`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const themes = await repo.themes();
      if (!isLocale(values.origLocale)) values.origLocale = request.locale;
      return render(
        request,
        reply,
        <ProposalFormPage values={values} themes={themes} errors={err.errors} />,
        422,
      );
    }
  });

  app.get<{ Params: Params }>(
    '/:locale/proposals/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      return showProposal(request, reply, await proposalOr404(request.params.id));
    },
  );

  /** Runs a one-button action; a refusal the reader can understand comes back as a problem notice. */
  async function act(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    run: (actor: Actor, p: Proposal) => Promise<unknown>,
    notice: string,
  ) {
    const p = await proposalOr404(request.params.id);
    return pageAction(request, reply, {
      page: `/proposals/${p.id}`,
      problemPrefix: 'proposals.error.',
      problems: PROBLEMS,
      run: (actor) => run(actor, p),
      done: `/proposals/${p.id}?notice=${notice}`,
    });
  }

  app.post<{ Params: Params }>(
    '/:locale/proposals/:id/support',
    { schema: { hide: true } },
    (request, reply) => act(request, reply, (actor, p) => service.support(actor, p.id), 'supported'),
  );

  app.post<{ Params: Params }>(
    '/:locale/proposals/:id/support/withdraw',
    { schema: { hide: true } },
    (request, reply) => act(request, reply, (actor, p) => service.withdrawSupport(actor, p.id), 'withdrawn'),
  );

  proposalRoute(
    'post',
    '/comments',
    (p) => `/proposals/${p.id}`,
    async (request, reply, p, actor) => {
      const body = str(request.body, 'body');
      try {
        const id = await service.comment(actor, p.id, { body, locale: request.locale });
        const { total } = await repo.comments(p.id, 1, 1);
        const last = pageCount(total, COMMENTS_PER_PAGE);
        return redirectLocal(
          request,
          reply,
          `/proposals/${p.id}?notice=commented${last > 1 ? `&page=${last}` : ''}#comment-${id}`,
        );
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return showProposal(request, reply, p, { commentErrors: err.errors, commentValue: body }, 422);
      }
    },
  );

  proposalRoute(
    'post',
    '/comments/:cid/delete',
    (p) => `/proposals/${p.id}`,
    async (request, reply, p, actor) => {
      const cid = intParam(request.params.cid);
      const comment = cid ? await repo.comment(cid) : undefined;
      if (!comment || comment.proposal_id !== p.id) throw new NotFoundError();
      await service.removeComment(actor, comment.id);
      return redirectLocal(request, reply, `/proposals/${p.id}?notice=commentDeleted`);
    },
  );

  async function decisionPage(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    p: Proposal,
    values: DecisionFormValues,
    errors?: ValidationError['errors'],
  ) {
    const supports = await repo.supportsOf([p.id]);
    const countries = [
      ...new Set([p.country_iso3, ...supports.map((s) => s.country_iso3)].filter((c): c is string => !!c)),
    ];
    const candidates = await repo.moderatorCandidates(countries);
    const proposer = await repo.person(p.created_by);
    if (proposer && !candidates.some((c) => c.id === proposer.id))
      candidates.unshift({
        id: proposer.id,
        name: proposer.name,
        country_iso3: proposer.country_iso3,
        role: proposer.role,
      });
    return render(
      request,
      reply,
      <DecisionPage proposal={p} values={values} candidates={candidates} errors={errors} />,
      errors ? 422 : 200,
    );
  }

  proposalRoute(
    'get',
    '/decision',
    (p) => `/proposals/${p.id}/decision`,
    async (request, reply, p, actor) => {
      if (!can(actor, 'proposal.decide')) throw new ForbiddenError('proposal.decide');
      if (p.status === 'accepted')
        return redirectLocal(request, reply, `/proposals/${p.id}?problem=alreadyAccepted`);
      return decisionPage(request, reply, p, {
        status: p.status === 'submitted' ? '' : p.status,
        reasons: {},
        origLocale: request.locale,
        moderatorId: String(p.created_by),
      });
    },
  );

  proposalRoute(
    'post',
    '/decision',
    (p) => `/proposals/${p.id}/decision`,
    async (request, reply, p, actor) => {
      const values: DecisionFormValues = {
        status: str(request.body, 'status'),
        reasons: localizedFrom(request.body, 'reasons'),
        origLocale: str(request.body, 'orig_locale'),
        moderatorId: str(request.body, 'moderator_id'),
      };
      try {
        await service.decide(actor, p.id, { ...values, moderatorId: intParam(values.moderatorId) });
      } catch (err) {
        if (
          err instanceof HttpError &&
          err.statusCode === 409 &&
          err.messageKey === 'proposals.error.alreadyAccepted'
        )
          return redirectLocal(request, reply, `/proposals/${p.id}?problem=alreadyAccepted`);
        if (!(err instanceof ValidationError)) throw err;
        if (!isLocale(values.origLocale)) values.origLocale = request.locale;
        return decisionPage(request, reply, p, values, err.errors);
      }
      return redirectLocal(request, reply, `/proposals/${p.id}?notice=decided`);
    },
  );

  proposalRoute(
    'post',
    '/delete',
    (p) => `/proposals/${p.id}`,
    async (request, reply, p, actor) => {
      try {
        await service.remove(actor, p.id);
      } catch (err) {
        if (err instanceof HttpError && err.statusCode === 409)
          return redirectLocal(request, reply, `/proposals/${p.id}?problem=acceptedStays`);
        throw err;
      }
      return redirectLocal(request, reply, '/proposals');
    },
  );
}
