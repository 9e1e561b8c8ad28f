import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { type Actor, actorFromUser } from '../../platform/auth/actor.ts';
import { type FieldError, HttpError, ValidationError } from '../../platform/http/errors.ts';
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

const LOGIN_NOTICES: LoginNotice[] = ['reset', 'signedOut'];
const ACCOUNT_NOTICES: AccountNotice[] = [
  'profile',
  'password',
  'twoFactorOff',
  'tokenRevoked',
  'welcome',
  'fewCodes',
];
const PEOPLE_NOTICES: PeopleNotice[] = ['invited', 'resent', 'disabled', 'restored'];

/** Errors of the service named after its own input, moved to the field of the form that failed. */
function onField(errors: FieldError[], field: string): FieldError[] {
  return errors.map((e) => ({ ...e, field }));
}

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

  /** A one-button form about one record (`:id` in the path): run it, then back to the page. */
  function idAction(
    url: string,
    run: (deps: AppDeps, actor: Actor, id: number) => Promise<unknown>,
    back: (request: PageRequest) => string,
  ) {
    app.post(url, { schema: { hide: true } }, async (request: PageRequest, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const id = intParam(request.params.id);
      if (id === null) throw new HttpError(404, 'error.notFound');
      await run(deps, actor, id);
      return redirectLocal(request, reply, back(request));
    });
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
  /**
   * What the steps after the password share: a code typed in, the half-way session of the step
   * (without it, back to the sign-in page), and the sign-in rate limit.
   */
  const secondStep = (stage: 'totp' | 'enroll') => ({
    config: { rateLimit: SIGN_IN_LIMIT },
    beforeGet: alreadySignedIn,
    load: (request: PageRequest, reply: FastifyReply) => {
      const next = safeNext(request.query.next);
      const session = request.session?.stage === stage ? request.session : null;
      if (session) return { session, next };
      redirectLocal(request, reply, `/login${nextQuery(next)}`);
      return null;
    },
    read: (request: PageRequest) => str(request.body, 'code'),
  });

  formRoute(app, {
    url: '/:locale/login/code',
    ...secondStep('totp'),
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
    ...secondStep('enroll'),
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
  /** The account page; after a failed form, with its errors (and what it shows again) in its section. */
  async function accountPage(actor: Actor, extra: Pick<AccountPageProps, 'notice' | 'failed'>) {
    const user = await repo.userById(actor.id);
    if (!user) throw new HttpError(404, 'error.notFound');
    const inst = user.institution_id ? await repo.institutionById(user.institution_id) : undefined;
    const [tokens, codesLeft] = await Promise.all([
      listPersonalTokens(deps, actor),
      user.totp_enabled === 1 ? recoveryCodesLeft(deps, user.id) : Promise.resolve(0),
    ]);
    return (
      <AccountPage
        user={user}
        institution={inst ? `${inst.name}${inst.acronym ? ` (${inst.acronym})` : ''}` : null}
        tokens={tokens}
        recoveryCodesLeft={codesLeft}
        {...extra}
      />
    );
  }

  app.get<{ Params: LocaleParams; Querystring: Record<string, string> }>(
    '/:locale/account',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const notice = ACCOUNT_NOTICES.find((n) => n === request.query.notice) ?? null;
      return render(request, reply, await accountPage(actor, { notice }));
    },
  );

  // The forms of the account page: they are shown by the page above, so only posted here.
  formRoute(app, {
    url: '/:locale/account/profile',
    get: false,
    load: signedIn,
    read: (request) => ({
      name: str(request.body, 'name'),
      locale: str(request.body, 'locale'),
      timezone: str(request.body, 'timezone'),
    }),
    page: (_request, actor, failed) =>
      accountPage(actor, { failed: failed && { section: 'profile', ...failed } }),
    submit: (actor, values) => updateProfile(deps, actor, values),
    done: (request, reply, _result, _actor, values) => {
      // Show the page in the language just chosen.
      const locale = isLocale(values.locale) ? values.locale : request.locale;
      return reply.redirect(`/${locale}/account?notice=profile`, 303);
    },
  });

  formRoute(app, {
    url: '/:locale/account/password',
    config: { rateLimit: SIGN_IN_LIMIT },
    get: false,
    load: signedIn,
    read: (request) => ({
      current: rawField(request, 'current'),
      password: rawField(request, 'password'),
      confirm: rawField(request, 'confirm'),
    }),
    page: (_request, actor, failed) =>
      accountPage(actor, { failed: failed && { section: 'password', errors: failed.errors, values: {} } }),
    submit: (actor, values, request) => changePassword(deps, actor, values, request.session?.id ?? null),
    done: (request, reply) => redirectLocal(request, reply, '/account?notice=password'),
  });

  /** The signed-in actor without two-factor sign-in yet; others go back to their account. */
  const withoutTwoFactor = (request: PageRequest, reply: FastifyReply) => {
    const actor = signedIn(request, reply);
    if (!actor?.totpEnabled) return actor;
    redirectLocal(request, reply, '/account#account-2fa');
    return null;
  };

  formRoute(app, {
    url: '/:locale/account/two-factor',
    config: { rateLimit: SIGN_IN_LIMIT },
    load: withoutTwoFactor,
    read: (request) => str(request.body, 'code'),
    page: async (_request, actor, failed) => (
      <TwoFactorSetupPage setup={await pendingTotpSetup(deps, actor.id)} errors={failed?.errors} />
    ),
    submit: (actor, code) => confirmTotpSetup(deps, actor, code),
    done: (request, reply, codes) =>
      render(request, reply, <RecoveryCodesPage codes={codes} continueHref="/account" fresh="setup" />),
  });

  formRoute(app, {
    url: '/:locale/account/two-factor/disable',
    config: { rateLimit: SIGN_IN_LIMIT },
    get: false,
    load: signedIn,
    read: (request) => rawField(request, 'disablePassword'),
    page: (_request, actor, failed) =>
      accountPage(actor, {
        failed: failed && {
          section: 'twoFactor',
          errors: onField(failed.errors, 'disablePassword'),
          values: {},
        },
      }),
    submit: (actor, password) => disableTotp(deps, actor, password),
    done: (request, reply) => redirectLocal(request, reply, '/account?notice=twoFactorOff'),
  });

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

  formRoute(app, {
    url: '/:locale/account/tokens',
    get: false,
    load: signedIn,
    read: (request) => ({ tokenName: str(request.body, 'tokenName') }),
    page: (_request, actor, failed) =>
      accountPage(actor, {
        failed: failed && {
          section: 'tokens',
          errors: onField(failed.errors, 'tokenName'),
          values: failed.values,
        },
      }),
    submit: (actor, { tokenName }) => createPersonalToken(deps, actor, tokenName),
    // Shown once, in the answer to the POST itself: the token is never stored in clear.
    done: (request, reply, created) =>
      render(
        request,
        reply,
        <TokenCreatedPage token={created.token} name={created.name} baseUrl={deps.config.baseUrl} />,
      ),
  });

  idAction(
    '/:locale/account/tokens/:id/revoke',
    revokePersonalToken,
    () => '/account?notice=tokenRevoked#account-tokens',
  );

  // ------------------------------------------------------------------ people of a country
  const people = (request: PageRequest) => `/countries/${request.params.iso3.toUpperCase()}/people`;

  formRoute(app, {
    url: '/:locale/countries/:iso3/people',
    load: signedIn,
    read: (request) => ({
      name: str(request.body, 'name'),
      email: str(request.body, 'email'),
      role: str(request.body, 'role'),
      institutionId: str(request.body, 'institutionId'),
      locale: str(request.body, 'locale'),
    }),
    page: async (request, actor, failed) => {
      const iso3 = request.params.iso3.toUpperCase();
      const page = failed ? 1 : (intParam(request.query.page) ?? 1);
      return (
        <PeoplePage
          iso3={iso3}
          data={await listCountryPeople(deps, actor, iso3, page)}
          notice={failed ? undefined : (PEOPLE_NOTICES.find((n) => n === request.query.notice) ?? null)}
          errors={failed?.errors}
          values={failed?.values}
        />
      );
    },
    submit: async (actor, values, request) => {
      if (!isRole(values.role) || (values.role !== 'editor' && values.role !== 'reader')) {
        throw new ValidationError([{ field: 'role', key: 'accounts.invite.roleInvalid' }]);
      }
      await inviteUser(deps, actor, {
        email: values.email,
        name: values.name,
        role: values.role,
        countryIso3: request.params.iso3.toUpperCase(),
        institutionId: values.institutionId ? (intParam(values.institutionId) ?? -1) : null,
        locale: isLocale(values.locale) ? values.locale : request.locale,
      });
    },
    done: (request, reply) => redirectLocal(request, reply, `${people(request)}?notice=invited`),
  });

  idAction('/:locale/countries/:iso3/people/:id/disable', disableUser, (r) => `${people(r)}?notice=disabled`);
  idAction('/:locale/countries/:iso3/people/:id/restore', restoreUser, (r) => `${people(r)}?notice=restored`);
  idAction(
    '/:locale/countries/:iso3/people/:id/resend',
    resendInvitation,
    (r) => `${people(r)}?notice=resent`,
  );

  await app.register(accountsApi, { deps });
}

/** A password field as typed: passwords are not trimmed. */
function rawField(request: FastifyRequest, name: string): string {
  const v = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}
