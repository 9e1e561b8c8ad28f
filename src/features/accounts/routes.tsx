import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { type Actor, actorFromUser } from '../../platform/auth/actor.ts';
import type { FieldError } from '../../platform/http/errors.ts';
import { HttpError, ValidationError } from '../../platform/http/errors.ts';
import { intParam, str } from '../../platform/http/form.ts';
import { formRoute, type PageRequest } from '../../platform/http/form-route.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { isLocale } from '../../platform/i18n/locales.ts';
import { hasDashboard } from '../dashboard/model.ts';
import { accountsApi } from './api.ts';
import { accountsRepository } from './repository.ts';
import {
  acceptInvitation,
  changePassword,
  completePasswordReset,
  confirmTotpSetup,
  createPersonalToken,
  disableTotp,
  disableUser,
  inviteUser,
  isRole,
  listCountryPeople,
  listPersonalTokens,
  pendingTotpSetup,
  recordSignIn,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  resendInvitation,
  restoreUser,
  revokePersonalToken,
  signIn,
  stageAfterPassword,
  startPasswordReset,
  updateProfile,
  userForInvitation,
  userForResetToken,
  verifySecondFactor,
} from './service.ts';
import { endSession, safeNext, startSession } from './session.ts';
import {
  type AccountNotice,
  type AccountPageProps,
  type AccountSection,
  AccountPage,
  TokenCreatedPage,
  TwoFactorSetupPage,
} from './views/account.tsx';
import { type PeopleNotice, PeoplePage } from './views/people.tsx';
import {
  CodePage,
  EnrollPage,
  ForgotPage,
  InvalidLinkPage,
  InvitationPage,
  type LoginNotice,
  LoginPage,
  nextQuery,
  RecoveryCodesPage,
  ResetPage,
} from './views/sign-in.tsx';

/** Per client address: enough for a busy ministry behind one address, too few for guessing. */
const SIGN_IN_LIMIT = { max: 30, timeWindow: '5 minutes' };
const MAIL_LIMIT = { max: 10, timeWindow: '15 minutes' };

type LocaleParams = { locale: string };

function errorsOf(err: unknown): FieldError[] | null {
  return err instanceof ValidationError ? err.errors : null;
}

const LOGIN_NOTICES: LoginNotice[] = ['reset', 'signedOut'];

/** Without a `next`, coordinators, editors and the Secretariat land on their dashboard. */
function landing(next: string | null, user: Pick<Actor, 'role'> | null): string {
  return next ?? (hasDashboard(user) ? '/dashboard' : '/');
}

function afterSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  next: string | null,
  user: Pick<Actor, 'role'> | null = request.actor,
) {
  return redirectLocal(request, reply, landing(next, user));
}

/** Where a half-way session continues. */
function pendingStep(stage: 'totp' | 'enroll', next: string | null): string {
  return `${stage === 'totp' ? '/login/code' : '/login/setup'}${nextQuery(next)}`;
}

export async function accountsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = accountsRepository(deps.db);

  /** The signed-in actor, or null after sending the visitor to the sign-in page. */
  function signedIn(request: FastifyRequest, reply: FastifyReply): Actor | null {
    if (request.actor && !request.viaToken) return request.actor;
    void reply.redirect(loginRedirect(request), 303);
    return null;
  }

  // ------------------------------------------------------------------ sign-in
  /** On the pages of signing in, someone already signed in goes on. */
  const alreadySignedIn = (request: PageRequest, reply: FastifyReply) =>
    request.actor ? afterSignIn(request, reply, safeNext(request.query.next)) : undefined;

  formRoute(app, {
    url: '/:locale/login',
    config: { rateLimit: SIGN_IN_LIMIT },
    beforeGet: alreadySignedIn,
    load: (request) => ({ next: safeNext(request.query.next) }),
    read: (request) => ({ email: str(request.body, 'email'), password: rawField(request, 'password') }),
    page: (request, { next }, failed) => (
      <LoginPage
        email={failed?.values.email}
        next={next}
        errors={failed?.errors}
        notice={failed ? null : (LOGIN_NOTICES.find((n) => request.query[n] === '1') ?? null)}
      />
    ),
    submit: async (_context, { email, password }) => {
      const result = await signIn(deps, email, password);
      if (result.kind === 'invalid') {
        throw new ValidationError([{ field: 'email', key: 'accounts.login.invalid' }]);
      }
      return result;
    },
    done: async (request, reply, result, { next }, { email }) => {
      if (result.kind === 'locked') {
        return render(
          request,
          reply,
          <LoginPage email={email} next={next} lockedUntil={result.until} />,
          429,
        );
      }
      await startSession(deps, request, reply, result.user.id, result.stage);
      if (result.stage === 'full') return afterSignIn(request, reply, next, result.user);
      return redirectLocal(request, reply, pendingStep(result.stage, next));
    },
  });

  app.post<{ Params: LocaleParams }>(
    '/:locale/logout',
    { schema: { hide: true } },
    async (request, reply) => {
      await endSession(deps, request, reply);
      return redirectLocal(request, reply, '/login?signedOut=1');
    },
  );

  // ------------------------------------------------------------------ second factor
  /** The half-way session of a step of signing in, or null after sending the visitor back to sign in. */
  const halfWay = (stage: 'totp' | 'enroll') => (request: PageRequest, reply: FastifyReply) => {
    const next = safeNext(request.query.next);
    const session = request.session?.stage === stage ? request.session : null;
    if (session) return { session, next };
    redirectLocal(request, reply, `/login${nextQuery(next)}`);
    return null;
  };

  formRoute(app, {
    url: '/:locale/login/code',
    config: { rateLimit: SIGN_IN_LIMIT },
    beforeGet: alreadySignedIn,
    load: halfWay('totp'),
    read: (request) => str(request.body, 'code'),
    page: (_request, { next }, failed) => <CodePage next={next} errors={failed?.errors} />,
    submit: async ({ session }, code) => {
      if (!code) throw new ValidationError([{ field: 'code', key: 'accounts.code.required' }]);
      const result = await verifySecondFactor(deps, session.user.id, code);
      if (result.kind === 'invalid') {
        throw new ValidationError([{ field: 'code', key: 'accounts.code.wrong' }]);
      }
      return result;
    },
    done: async (request, reply, result, { next }) => {
      if (result.kind === 'locked') {
        await endSession(deps, request, reply);
        return render(request, reply, <LoginPage next={next} lockedUntil={result.until} />, 429);
      }
      await startSession(deps, request, reply, result.user.id, 'full');
      if (result.recoveryCodesLeft !== null && result.recoveryCodesLeft <= 3) {
        return redirectLocal(request, reply, '/account?notice=fewCodes#account-2fa');
      }
      return afterSignIn(request, reply, next, result.user);
    },
  });

  formRoute(app, {
    url: '/:locale/login/setup',
    config: { rateLimit: SIGN_IN_LIMIT },
    beforeGet: alreadySignedIn,
    load: halfWay('enroll'),
    read: (request) => str(request.body, 'code'),
    page: async (_request, { session, next }, failed) => (
      <EnrollPage setup={await pendingTotpSetup(deps, session.user.id)} next={next} errors={failed?.errors} />
    ),
    submit: ({ session }, code) => confirmTotpSetup(deps, actorFromUser(session.user), code),
    done: async (request, reply, codes, { session, next }) => {
      await startSession(deps, request, reply, session.user.id, 'full');
      await recordSignIn(deps, session.user, 'password');
      return render(
        request,
        reply,
        <RecoveryCodesPage codes={codes} continueHref={landing(next, session.user)} fresh="setup" />,
      );
    },
  });

  // ------------------------------------------------------------------ password reset
  formRoute(app, {
    url: '/:locale/password/forgot',
    config: { rateLimit: MAIL_LIMIT },
    read: (request) => str(request.body, 'email'),
    page: (_request, _context, failed) => <ForgotPage errors={failed?.errors} />,
    submit: async (_context, email) => {
      if (!email) throw new ValidationError([{ field: 'email', key: 'accounts.forgot.emailRequired' }]);
      await startPasswordReset(deps, email);
    },
    done: (request, reply) => redirectLocal(request, reply, '/password/forgot/sent'),
  });

  app.get<{ Params: LocaleParams }>(
    '/:locale/password/forgot/sent',
    { schema: { hide: true } },
    async (request, reply) => render(request, reply, <ForgotPage sent />),
  );

  /** Links sent by e-mail carry a token in their path: it is not passed on to other sites. */
  const noReferrer = (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('referrer-policy', 'no-referrer');
    return undefined;
  };

  /** The user of the link, or null after answering with the page for a link that does not work. */
  const linkUser =
    (kind: 'reset' | 'invitation', find: typeof userForResetToken) =>
    async (request: PageRequest, reply: FastifyReply) => {
      const user = await find(deps, request.params.token);
      if (user) return user;
      render(request, reply, <InvalidLinkPage kind={kind} />, 404);
      return null;
    };

  formRoute(app, {
    url: '/:locale/password/reset/:token',
    config: { rateLimit: SIGN_IN_LIMIT },
    beforeGet: noReferrer,
    load: linkUser('reset', userForResetToken),
    read: (request) => ({ password: rawField(request, 'password'), confirm: rawField(request, 'confirm') }),
    page: (request, user, failed) => (
      <ResetPage token={request.params.token} user={user} errors={failed?.errors} />
    ),
    submit: (_user, values, request) => completePasswordReset(deps, request.params.token, values),
    done: async (request, reply) => {
      await endSession(deps, request, reply);
      return redirectLocal(request, reply, '/login?reset=1');
    },
  });

  // ------------------------------------------------------------------ invitation
  formRoute(app, {
    url: '/:locale/invitation/:token',
    config: { rateLimit: SIGN_IN_LIMIT },
    beforeGet: noReferrer,
    load: linkUser('invitation', userForInvitation),
    read: (request) => ({
      name: str(request.body, 'name'),
      password: rawField(request, 'password'),
      confirm: rawField(request, 'confirm'),
    }),
    page: (request, invited, failed) => (
      <InvitationPage
        token={request.params.token}
        user={invited}
        name={failed?.values.name}
        errors={failed?.errors}
      />
    ),
    submit: (_invited, values, request) => acceptInvitation(deps, request.params.token, values),
    done: async (request, reply, user) => {
      const stage = stageAfterPassword(user);
      await startSession(deps, request, reply, user.id, stage);
      if (stage !== 'full') return redirectLocal(request, reply, pendingStep(stage, '/account'));
      await recordSignIn(deps, user, 'invitation');
      return redirectLocal(request, reply, '/account?notice=welcome');
    },
  });

  // ------------------------------------------------------------------ profile
  async function accountProps(actor: Actor): Promise<Omit<AccountPageProps, 'notice' | 'failed'>> {
    const user = await repo.userById(actor.id);
    if (!user) throw new HttpError(404, 'error.notFound');
    const inst = user.institution_id ? await repo.institutionById(user.institution_id) : undefined;
    const [tokens, codesLeft] = await Promise.all([
      listPersonalTokens(deps, actor),
      user.totp_enabled === 1 ? recoveryCodesLeft(deps, user.id) : Promise.resolve(0),
    ]);
    return {
      user,
      institution: inst ? `${inst.name}${inst.acronym ? ` (${inst.acronym})` : ''}` : null,
      tokens,
      recoveryCodesLeft: codesLeft,
    };
  }

  async function renderAccountError(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    section: AccountSection,
    errors: FieldError[],
    values: Record<string, string> = {},
  ) {
    const props = await accountProps(actor);
    return render(request, reply, <AccountPage {...props} failed={{ section, errors, values }} />, 422);
  }

  app.get<{ Params: LocaleParams; Querystring: Record<string, string> }>(
    '/:locale/account',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const notices: AccountNotice[] = [
        'profile',
        'password',
        'twoFactorOff',
        'tokenRevoked',
        'welcome',
        'fewCodes',
      ];
      const notice = notices.find((n) => n === request.query.notice) ?? null;
      return render(request, reply, <AccountPage {...(await accountProps(actor))} notice={notice} />);
    },
  );

  app.post<{ Params: LocaleParams }>(
    '/:locale/account/profile',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const values = {
        name: str(request.body, 'name'),
        locale: str(request.body, 'locale'),
        timezone: str(request.body, 'timezone'),
      };
      try {
        await updateProfile(deps, actor, values);
      } catch (err) {
        const errors = errorsOf(err);
        if (!errors) throw err;
        return renderAccountError(request, reply, actor, 'profile', errors, values);
      }
      // Show the page in the language just chosen.
      const locale = isLocale(values.locale) ? values.locale : request.locale;
      return reply.redirect(`/${locale}/account?notice=profile`, 303);
    },
  );

  app.post<{ Params: LocaleParams }>(
    '/:locale/account/password',
    { schema: { hide: true }, config: { rateLimit: SIGN_IN_LIMIT } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      try {
        await changePassword(
          deps,
          actor,
          {
            current: rawField(request, 'current'),
            password: rawField(request, 'password'),
            confirm: rawField(request, 'confirm'),
          },
          request.session?.id ?? null,
        );
      } catch (err) {
        const errors = errorsOf(err);
        if (!errors) throw err;
        return renderAccountError(request, reply, actor, 'password', errors);
      }
      return redirectLocal(request, reply, '/account?notice=password');
    },
  );

  app.get<{ Params: LocaleParams }>(
    '/:locale/account/two-factor',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      if (actor.totpEnabled) return redirectLocal(request, reply, '/account#account-2fa');
      return render(request, reply, <TwoFactorSetupPage setup={await pendingTotpSetup(deps, actor.id)} />);
    },
  );

  app.post<{ Params: LocaleParams }>(
    '/:locale/account/two-factor',
    { schema: { hide: true }, config: { rateLimit: SIGN_IN_LIMIT } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      if (actor.totpEnabled) return redirectLocal(request, reply, '/account#account-2fa');
      try {
        const codes = await confirmTotpSetup(deps, actor, str(request.body, 'code'));
        return render(
          request,
          reply,
          <RecoveryCodesPage codes={codes} continueHref="/account" fresh="setup" />,
        );
      } catch (err) {
        const errors = errorsOf(err);
        if (!errors) throw err;
        const setup = await pendingTotpSetup(deps, actor.id);
        return render(request, reply, <TwoFactorSetupPage setup={setup} errors={errors} />, 422);
      }
    },
  );

  app.post<{ Params: LocaleParams }>(
    '/:locale/account/two-factor/disable',
    { schema: { hide: true }, config: { rateLimit: SIGN_IN_LIMIT } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      try {
        await disableTotp(deps, actor, rawField(request, 'disablePassword'));
      } catch (err) {
        const errors = errorsOf(err);
        if (!errors) throw err;
        return renderAccountError(
          request,
          reply,
          actor,
          'twoFactor',
          errors.map((e) => ({ ...e, field: 'disablePassword' })),
        );
      }
      return redirectLocal(request, reply, '/account?notice=twoFactorOff');
    },
  );

  app.post<{ Params: LocaleParams }>(
    '/:locale/account/recovery-codes',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const codes = await regenerateRecoveryCodes(deps, actor);
      return render(
        request,
        reply,
        <RecoveryCodesPage codes={codes} continueHref="/account" fresh="regenerated" />,
      );
    },
  );

  app.post<{ Params: LocaleParams }>(
    '/:locale/account/tokens',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const name = str(request.body, 'tokenName');
      try {
        const created = await createPersonalToken(deps, actor, name);
        // Shown once, in the answer to the POST itself: the token is never stored in clear.
        return render(
          request,
          reply,
          <TokenCreatedPage token={created.token} name={created.name} baseUrl={deps.config.baseUrl} />,
        );
      } catch (err) {
        const errors = errorsOf(err);
        if (!errors) throw err;
        return renderAccountError(
          request,
          reply,
          actor,
          'tokens',
          errors.map((e) => ({ ...e, field: 'tokenName' })),
          { tokenName: name },
        );
      }
    },
  );

  app.post<{ Params: LocaleParams & { id: string } }>(
    '/:locale/account/tokens/:id/revoke',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const id = intParam(request.params.id);
      if (id === null) throw new HttpError(404, 'error.notFound');
      await revokePersonalToken(deps, actor, id);
      return redirectLocal(request, reply, '/account?notice=tokenRevoked#account-tokens');
    },
  );

  // ------------------------------------------------------------------ people of a country
  type PeopleParams = LocaleParams & { iso3: string };

  async function renderPeople(
    request: FastifyRequest<{ Params: PeopleParams }>,
    reply: FastifyReply,
    actor: Actor,
    extra: {
      notice?: PeopleNotice | null;
      errors?: FieldError[];
      values?: Record<string, string>;
      page?: number;
    } = {},
    status = 200,
  ) {
    const iso3 = request.params.iso3.toUpperCase();
    const data = await listCountryPeople(deps, actor, iso3, extra.page ?? 1);
    return render(
      request,
      reply,
      <PeoplePage
        iso3={iso3}
        data={data}
        notice={extra.notice}
        errors={extra.errors}
        values={extra.values}
      />,
      status,
    );
  }

  app.get<{ Params: PeopleParams; Querystring: Record<string, string> }>(
    '/:locale/countries/:iso3/people',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const notices: PeopleNotice[] = ['invited', 'resent', 'disabled', 'restored'];
      const notice = notices.find((n) => n === request.query.notice) ?? null;
      return renderPeople(request, reply, actor, { notice, page: intParam(request.query.page) ?? 1 });
    },
  );

  app.post<{ Params: PeopleParams }>(
    '/:locale/countries/:iso3/people',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const iso3 = request.params.iso3.toUpperCase();
      const values = {
        name: str(request.body, 'name'),
        email: str(request.body, 'email'),
        role: str(request.body, 'role'),
        institutionId: str(request.body, 'institutionId'),
        locale: str(request.body, 'locale'),
      };
      try {
        if (!isRole(values.role) || (values.role !== 'editor' && values.role !== 'reader')) {
          throw new ValidationError([{ field: 'role', key: 'accounts.invite.roleInvalid' }]);
        }
        await inviteUser(deps, actor, {
          email: values.email,
          name: values.name,
          role: values.role,
          countryIso3: iso3,
          institutionId: values.institutionId ? (intParam(values.institutionId) ?? -1) : null,
          locale: isLocale(values.locale) ? values.locale : request.locale,
        });
      } catch (err) {
        const errors = errorsOf(err);
        if (!errors) throw err;
        return renderPeople(request, reply, actor, { errors, values }, 422);
      }
      return redirectLocal(request, reply, `/countries/${iso3}/people?notice=invited`);
    },
  );

  const personAction = (
    path: string,
    run: (actor: Actor, userId: number) => Promise<unknown>,
    notice: PeopleNotice,
  ) =>
    app.post<{ Params: PeopleParams & { id: string } }>(
      `/:locale/countries/:iso3/people/:id/${path}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = signedIn(request, reply);
        if (!actor) return reply;
        const id = intParam(request.params.id);
        if (id === null) throw new HttpError(404, 'error.notFound');
        await run(actor, id);
        return redirectLocal(
          request,
          reply,
          `/countries/${request.params.iso3.toUpperCase()}/people?notice=${notice}`,
        );
      },
    );
  personAction('disable', (actor, id) => disableUser(deps, actor, id), 'disabled');
  personAction('restore', (actor, id) => restoreUser(deps, actor, id), 'restored');
  personAction('resend', (actor, id) => resendInvitation(deps, actor, id), 'resent');

  await app.register(accountsApi, { deps });
}

/** A password field as typed: passwords are not trimmed. */
function rawField(request: FastifyRequest, name: string): string {
  const v = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}
