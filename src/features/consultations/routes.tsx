import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, isSecretariat } from '../../platform/auth/policy.ts';
import { discardUploads, listAttachments, readAttachmentForm } from '../../platform/files/attachments.ts';
import { fileStore } from '../../platform/files/store.ts';
import type { FieldError } from '../../platform/http/errors.ts';
import { HttpError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { intParam, str } from '../../platform/http/form.ts';
import { loginRedirect, requirePoster } from '../../platform/http/guards.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import type { Locale } from '../../platform/i18n/locales.ts';
import { Link } from '../../views/components.tsx';
import { useCtx } from '../../views/context.ts';
import { consultationsApi } from './api.ts';
import { answerEditFromFields, answerFromFields, consultationFromFields, parseListQuery } from './input.ts';
import {
  type Answer,
  addressedTo,
  type Consultation,
  canAnswer,
  canManage,
  OWNER_ANSWER,
  OWNER_CONSULTATION,
  PAGE_SIZE,
} from './model.ts';
import { consultationRepository } from './repository.ts';
import { type AnswerInput, type ConsultationInput, consultationService } from './service.ts';
import { type AnswerEditValues, EditAnswerPage } from './views/answer-edit.tsx';
import { ConsultationPage } from './views/consultation.tsx';
import { NewConsultationPage } from './views/form.tsx';
import { ConsultationListPage, type ListedConsultation } from './views/list.tsx';
import { StateBadge } from './views/shared.tsx';
import { parseLocalized, pick } from '../../platform/i18n/format.ts';

type Params = { locale: Locale; id?: string; answerId?: string };

const NOTICES = [
  'created',
  'answered',
  'accepted',
  'closed',
  'reopened',
  'restored',
  'removed',
  'helpful',
  'unhelpful',
  'edited',
  'unchanged',
] as const;

/** True when the actor asks for a country (coordinators and editors) or is the Secretariat. */
function mayAsk(actor: Actor | null): boolean {
  if (!actor) return false;
  if (isSecretariat(actor)) return true;
  return can(actor, 'consultation.create', { countryIso3: actor.countryIso3 });
}

export async function consultationsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = consultationRepository(deps.db);
  const service = consultationService(deps);
  const store = fileStore(deps.config.filesDir);
  const maxMb = Math.round(deps.config.uploadMaxBytes / (1024 * 1024));

  deps.nav.push({
    label: 'consultations.nav',
    href: '/consultations',
    order: 40,
    visible: (actor) => !!actor,
  });

  // On a priority theme's page, signed-in readers see the latest consultations on the theme.
  deps.themeSections.push({
    key: 'consultations',
    order: 40,
    async load({ theme, actor }) {
      if (!actor) return null;
      const { rows, total } = await repo.list({ theme: theme.code }, 1, 5);
      if (total === 0) return null;
      return <ThemeConsultations rows={rows} code={theme.code} total={total} />;
    },
  });

  await app.register(consultationsApi, { deps, service, repo, store });

  async function withThemes(rows: Consultation[]): Promise<ListedConsultation[]> {
    const themes = await repo.themesOf(rows.map((r) => r.id));
    return rows.map((c) => ({ c, themes: themes.filter((th) => th.consultation_id === c.id) }));
  }

  function noticeOf(request: FastifyRequest): string | null {
    const q = request.query as Record<string, unknown>;
    const hit = NOTICES.find((k) => q?.[k] === '1');
    return hit ? `consultations.notice.${hit}` : null;
  }

  app.get<{ Params: Params }>(
    '/:locale/consultations',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = request.actor;
      if (!actor) return reply.redirect(loginRedirect(request), 303);
      const { filters, mine, page } = parseListQuery(request.query, actor);
      const [{ rows, total }, themes, countries] = await Promise.all([
        repo.list(filters, page, PAGE_SIZE),
        repo.activeThemes(),
        repo.askingCountries(),
      ]);
      return render(
        request,
        reply,
        <ConsultationListPage
          items={await withThemes(rows)}
          total={total}
          page={page}
          perPage={PAGE_SIZE}
          filters={filters}
          mine={mine}
          options={{ themes, countries }}
          myCountry={actor.role === 'coordinator' || actor.role === 'editor' ? actor.countryIso3 : null}
          canAsk={mayAsk(actor)}
          isSecretariat={isSecretariat(actor)}
          notice={noticeOf(request)}
        />,
      );
    },
  );

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    values: ConsultationInput,
    errors?: FieldError[],
  ) {
    const [themes, countries] = await Promise.all([repo.activeThemes(), repo.memberCountries()]);
    return render(
      request,
      reply,
      <NewConsultationPage
        values={values}
        errors={errors}
        themes={themes}
        countries={countries}
        askingCountry={isSecretariat(actor) ? null : actor.countryIso3}
        maxMb={maxMb}
      />,
      errors?.length ? 422 : 200,
    );
  }

  function blank(request: FastifyRequest): ConsultationInput {
    return {
      title: '',
      body: '',
      origLocale: request.locale,
      themes: [],
      addressed: 'all',
      countries: [],
      deadline: '',
      countryIso3: null,
    };
  }

  app.get<{ Params: Params }>(
    '/:locale/consultations/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = request.actor;
      if (!actor) return reply.redirect(loginRedirect(request), 303);
      if (!mayAsk(actor)) throw new HttpError(403, 'error.forbidden');
      return formPage(request, reply, actor, blank(request));
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/consultations/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      const parsed = await readAttachmentForm(request, store, deps.config.uploadMaxBytes);
      const input = consultationFromFields(parsed.fields);
      try {
        const id = await service.create(actor, input, parsed.uploads, parsed.errors);
        return redirectLocal(request, reply, `/consultations/${id}?created=1`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return formPage(request, reply, actor, input, err.errors);
      }
    },
  );

  function idOf(value: string | undefined): number {
    const id = intParam(value);
    if (!id) throw new NotFoundError();
    return id;
  }

  async function consultationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    c: Consultation,
    answer?: { values: AnswerInput; errors: FieldError[] },
  ) {
    const [themes, countryRows, answers, attachments, institution, askerName] = await Promise.all([
      repo.themesOf([c.id]),
      repo.countriesOf([c.id]),
      repo.answersOf(c.id),
      listAttachments(deps.db, OWNER_CONSULTATION, [c.id]),
      c.institution_id ? repo.institution(c.institution_id) : Promise.resolve(undefined),
      c.asked_by ? repo.userName(c.asked_by) : Promise.resolve(null),
    ]);
    const countries = countryRows.map((r) => r.country_iso3);
    const [answerAttachments, helpfulByMe] = await Promise.all([
      listAttachments(
        deps.db,
        OWNER_ANSWER,
        answers.map((a) => a.id),
      ),
      repo.helpfulBy(
        actor.id,
        answers.map((a) => a.id),
      ),
    ]);
    const answering = canAnswer(actor, c, countries);
    let cannotAnswer: string | null = null;
    if (!answering && !c.deleted_at && (actor.role === 'coordinator' || actor.role === 'editor')) {
      if (c.state === 'closed') cannotAnswer = 'consultations.cannotAnswer.closed';
      else if (actor.countryIso3 === c.country_iso3) cannotAnswer = 'consultations.cannotAnswer.ownCountry';
      else if (addressedTo(c, countries) !== 'all') cannotAnswer = 'consultations.cannotAnswer.notAddressed';
    }
    return render(
      request,
      reply,
      <ConsultationPage
        c={c}
        themes={themes}
        countries={countries}
        askerName={askerName}
        institution={institution ?? null}
        attachments={attachments}
        answers={answers}
        answerAttachments={answerAttachments}
        helpfulByMe={helpfulByMe}
        canManage={canManage(actor, c)}
        canAnswer={answering}
        cannotAnswer={cannotAnswer}
        canRestore={!!c.deleted_at && isSecretariat(actor)}
        answerValues={answer?.values ?? { body: '', origLocale: request.locale }}
        answerErrors={answer?.errors}
        notice={noticeOf(request)}
        maxMb={maxMb}
      />,
      answer?.errors.length ? 422 : 200,
    );
  }

  app.get<{ Params: Params }>(
    '/:locale/consultations/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = request.actor;
      // Members only: visitors are sent to sign in, whether or not the consultation exists.
      if (!actor) return reply.redirect(loginRedirect(request), 303);
      const c = await service.readable(actor, idOf(request.params.id));
      return consultationPage(request, reply, actor, c);
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/consultations/:id/answers',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      const id = idOf(request.params.id);
      const parsed = await readAttachmentForm(request, store, deps.config.uploadMaxBytes);
      const input = answerFromFields(parsed.fields, request.locale);
      try {
        const answerId = await service.answer(actor, id, input, parsed.uploads, parsed.errors);
        return redirectLocal(request, reply, `/consultations/${id}?answered=1#answer-${answerId}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const c = await service.readable(actor, id);
        return consultationPage(request, reply, actor, c, { values: input, errors: err.errors });
      }
    },
  );

  /** The answer named in the URL must belong to the consultation named in the URL. */
  async function answerIn(request: FastifyRequest<{ Params: Params }>, actor: Actor) {
    const id = idOf(request.params.id);
    const answerId = idOf(request.params.answerId);
    const { a } = await service.readableAnswer(actor, answerId);
    if (a.consultation_id !== id) throw new NotFoundError();
    return { id, answerId };
  }

  app.post<{ Params: Params }>(
    '/:locale/consultations/:id/answers/:answerId/accept',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      const { id, answerId } = await answerIn(request, actor);
      await service.accept(actor, answerId);
      return redirectLocal(request, reply, `/consultations/${id}?accepted=1#answer-${answerId}`);
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/consultations/:id/answers/:answerId/helpful',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      const { id, answerId } = await answerIn(request, actor);
      const wanted = str(request.body, 'helpful');
      const r = await service.toggleHelpful(
        actor,
        answerId,
        wanted === '1' ? true : wanted === '0' ? false : undefined,
      );
      const notice = r.helpful ? 'helpful' : 'unhelpful';
      return redirectLocal(request, reply, `/consultations/${id}?${notice}=1#answer-${answerId}`);
    },
  );

  async function editAnswerPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    answerId: number,
    sent?: { values: AnswerEditValues; errors: FieldError[] },
  ) {
    const { a, c, files } = await service.editableAnswer(actor, answerId);
    const institution = a.institution_id ? await repo.institution(a.institution_id) : undefined;
    return render(
      request,
      reply,
      <EditAnswerPage
        c={c}
        a={a}
        institution={institution ? (institution.acronym ?? institution.name) : null}
        files={files}
        values={sent?.values ?? storedValues(a)}
        errors={sent?.errors}
        maxMb={maxMb}
      />,
      sent?.errors.length ? 422 : 200,
    );
  }

  app.get<{ Params: Params }>(
    '/:locale/consultations/:id/answers/:answerId/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = request.actor;
      // Members only, as the consultation itself: visitors sign in first.
      if (!actor) return reply.redirect(loginRedirect(request), 303);
      const { answerId } = await answerIn(request, actor);
      return editAnswerPage(request, reply, actor, answerId);
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/consultations/:id/answers/:answerId/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      const parsed = await readAttachmentForm(request, store, deps.config.uploadMaxBytes);
      let target: { id: number; answerId: number };
      try {
        target = await answerIn(request, actor);
      } catch (err) {
        await discardUploads(store, parsed.uploads);
        throw err;
      }
      const { id, answerId } = target;
      const input = answerEditFromFields(parsed.fields, false);
      try {
        const changed = await service.editAnswer(actor, answerId, input, parsed.uploads, parsed.errors);
        const notice = changed ? 'edited' : 'unchanged';
        return redirectLocal(request, reply, `/consultations/${id}?${notice}=1#answer-${answerId}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const values = {
          body: input.body ?? '',
          origLocale: input.origLocale ?? request.locale,
          removeFiles: input.removeFiles,
        };
        return editAnswerPage(request, reply, actor, answerId, { values, errors: err.errors });
      }
    },
  );

  const stateRoutes = [
    ['close', 'closed', (a: Actor, id: number) => service.close(a, id)],
    ['reopen', 'reopened', (a: Actor, id: number) => service.reopen(a, id)],
    ['restore', 'restored', (a: Actor, id: number) => service.restore(a, id)],
  ] as const;
  for (const [path, notice, run] of stateRoutes) {
    app.post<{ Params: Params }>(
      `/:locale/consultations/:id/${path}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = requirePoster(request);
        const id = idOf(request.params.id);
        await run(actor, id);
        return redirectLocal(request, reply, `/consultations/${id}?${notice}=1`);
      },
    );
  }

  app.post<{ Params: Params }>(
    '/:locale/consultations/:id/delete',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      await service.remove(actor, idOf(request.params.id));
      return redirectLocal(request, reply, '/consultations?removed=1');
    },
  );
}

/** The edit form filled with the answer as stored. */
function storedValues(a: Answer): AnswerEditValues {
  const text = parseLocalized(a.body);
  return {
    body: text[a.orig_locale as Locale] ?? Object.values(text).find(Boolean) ?? '',
    origLocale: a.orig_locale,
    removeFiles: [],
  };
}

function ThemeConsultations({ rows, code, total }: { rows: Consultation[]; code: string; total: number }) {
  const { t, locale } = useCtx();
  return (
    <section aria-labelledby="theme-consultations">
      <h2 id="theme-consultations">{t('consultations.title')}</h2>
      <ul class="consultation-list">
        {rows.map((c) => {
          const title = pick(c.title, locale, c.orig_locale);
          return (
            <li key={c.id}>
              <Link href={`/consultations/${c.id}`} lang={title.lang}>
                {title.text}
              </Link>{' '}
              <StateBadge state={c.state} />
            </li>
          );
        })}
      </ul>
      {total > rows.length && (
        <p>
          <Link href={`/consultations?theme=${encodeURIComponent(code)}`}>
            {t('consultations.theme.more', { count: total })}
          </Link>
        </p>
      )}
    </section>
  );
}
