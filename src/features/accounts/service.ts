import { sql } from 'kysely';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Role, User } from '../../db/schema.ts';
import { type Actor, actorFromUser, SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { newApiTokenValue } from '../../platform/auth/api-tokens.ts';
import {
  hashPassword,
  passwordProblem,
  randomToken,
  sha256,
  verifyPassword,
} from '../../platform/auth/crypto.ts';
import { assertCan, can } from '../../platform/auth/policy.ts';
import type { SessionStage } from '../../platform/auth/sessions.ts';
import { audit } from '../../platform/audit/audit.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { isEmail } from '../../platform/http/form.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { invitationMail, mailLocale, resetMail } from './mail.ts';
import { accountsRepository, type PersonRow } from './repository.ts';
import {
  checkTotp,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpQrDataUrl,
  totpUri,
} from './totp.ts';

type Deps = Pick<AppDeps, 'db' | 'config'>;

export const ROLES: Role[] = ['secretariat', 'admin', 'coordinator', 'editor', 'reader'];
export const INVITE_DAYS = 7;
export const RESET_MINUTES = 60;
export const PEOPLE_PAGE_SIZE = 25;
const NAME_MAX = 200;

/** The Secretariat and technical administrators must sign in with a second factor. */
export function requiresTwoFactor(role: Role): boolean {
  return role === 'secretariat' || role === 'admin';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as string[]).includes(value);
}

export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What the audit trail keeps of a user: never a secret (audit() redacts them anyway). */
function userSnapshot(u: User) {
  return {
    email: u.email,
    name: u.name,
    role: u.role,
    country_iso3: u.country_iso3,
    institution_id: u.institution_id,
    status: u.status,
    locale: u.locale,
    timezone: u.timezone,
    totp_enabled: u.totp_enabled,
  };
}

// ---------------------------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------------------------

export type SignInResult =
  | { kind: 'ok'; user: User; stage: SessionStage }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: string };

let dummyHash: Promise<string> | undefined;

/** The stage a session starts in once the password is right. */
export function stageAfterPassword(user: User): SessionStage {
  if (user.totp_enabled === 1 && user.totp_secret) return 'totp';
  if (requiresTwoFactor(user.role)) return 'enroll';
  return 'full';
}

function lockedUntil(user: User): string | null {
  return user.locked_until && new Date(user.locked_until).getTime() > Date.now() ? user.locked_until : null;
}

/**
 * Checks an e-mail and password. Unknown, invited and disabled accounts get the same answer as a
 * wrong password (and take as long), so the form does not tell who has an account.
 */
export async function signIn(deps: Deps, email: string, password: string): Promise<SignInResult> {
  const repo = accountsRepository(deps.db);
  const user = email ? await repo.userByEmail(normalizeEmail(email)) : undefined;
  if (user?.status !== 'active' || !user.password_hash) {
    dummyHash ??= hashPassword(randomToken());
    await verifyPassword(await dummyHash, password);
    return { kind: 'invalid' };
  }
  const until = lockedUntil(user);
  if (until) return { kind: 'locked', until };
  if (!(await verifyPassword(user.password_hash, password))) return registerFailure(deps, user);
  const stage = stageAfterPassword(user);
  if (stage === 'full') await recordLogin(deps, user, 'password');
  return { kind: 'ok', user, stage };
}

/** Counts a failed password or code; at the limit the account locks for a while. */
type FailureResult = { kind: 'invalid' } | { kind: 'locked'; until: string };

async function registerFailure(deps: Deps, user: User): Promise<FailureResult> {
  const { loginMaxAttempts, loginLockMinutes } = deps.config;
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ failed_logins: sql<number>`failed_logins + 1`, updated_at: nowIso() })
      .where('id', '=', user.id)
      .returning(['failed_logins'])
      .executeTakeFirstOrThrow();
    if (loginMaxAttempts > 0 && row.failed_logins >= loginMaxAttempts) {
      const until = new Date(Date.now() + loginLockMinutes * 60_000).toISOString();
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: until })
        .where('id', '=', user.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('stage', '!=', 'full').execute();
      await audit(trx, actorFromUser(user), {
        action: 'user.lock',
        objectType: 'user',
        objectId: user.id,
        countryIso3: user.country_iso3,
        after: { locked_until: until },
      });
      return { kind: 'locked', until } as const;
    }
    return { kind: 'invalid' } as const;
  });
}

async function recordLogin(deps: Deps, user: User, method: 'password' | 'totp' | 'recovery' | 'invitation') {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ last_login_at: nowIso(), failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await audit(trx, actorFromUser(user), {
      action: 'user.login',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      after: { method },
    });
  });
}

export type SecondFactorResult =
  | { kind: 'ok'; user: User; recoveryCodesLeft: number | null }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: string };

/** The second step of sign-in: a code from the authenticator app or a one-time recovery code. */
export async function verifySecondFactor(
  deps: Deps,
  userId: number,
  code: string,
): Promise<SecondFactorResult> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(userId);
  if (user?.status !== 'active' || user.totp_enabled !== 1 || !user.totp_secret) return { kind: 'invalid' };
  const until = lockedUntil(user);
  if (until) return { kind: 'locked', until };

  const step = await checkTotp(user.totp_secret, code, user.totp_last_step ?? null);
  if (step !== null) {
    await repo.updateUser(user.id, { totp_last_step: step });
    await recordLogin(deps, user, 'totp');
    return { kind: 'ok', user, recoveryCodesLeft: null };
  }
  if (looksLikeRecoveryCode(code) && (await repo.consumeRecoveryCode(user.id, hashRecoveryCode(code)))) {
    await recordLogin(deps, user, 'recovery');
    return { kind: 'ok', user, recoveryCodesLeft: await repo.countUnusedRecoveryCodes(user.id) };
  }
  return registerFailure(deps, user);
}

// ---------------------------------------------------------------------------------------------
// Two-factor set-up
// ---------------------------------------------------------------------------------------------

export interface TotpSetup {
  secret: string;
  uri: string;
  qr: string;
}

/**
 * The secret being set up. It is kept (not yet enabled) until a code confirms it, so reloading
 * the page does not invalidate what the person already scanned.
 */
export async function pendingTotpSetup(deps: Deps, userId: number): Promise<TotpSetup> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(userId);
  if (!user) throw new NotFoundError();
  if (user.totp_enabled === 1) throw new HttpError(409, 'accounts.twoFactor.alreadyOn');
  let secret = user.totp_secret;
  if (!secret) {
    secret = newTotpSecret();
    await repo.updateUser(user.id, { totp_secret: secret, totp_last_step: null });
  }
  const uri = totpUri(secret, user.email);
  return { secret, uri, qr: await totpQrDataUrl(uri) };
}

/** Confirms the pending secret with a code; returns the ten recovery codes, shown once. */
export async function confirmTotpSetup(deps: Deps, actor: Actor, code: string): Promise<string[]> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(actor.id);
  if (!user) throw new NotFoundError();
  if (user.totp_enabled === 1) throw new HttpError(409, 'accounts.twoFactor.alreadyOn');
  const errors = new FieldErrors();
  const step = user.totp_secret && code.trim() ? await checkTotp(user.totp_secret, code, null) : null;
  if (!code.trim()) errors.add('code', 'accounts.twoFactor.codeRequired');
  else if (step === null) errors.add('code', 'accounts.twoFactor.codeWrong');
  errors.throwIfAny();
  const { codes, hashes } = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, { totp_enabled: 1, totp_last_step: step });
    await r.replaceRecoveryCodes(user.id, hashes);
    await audit(trx, actor, {
      action: 'user.totp.enable',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      before: { totp_enabled: 0 },
      after: { totp_enabled: 1 },
    });
  });
  return codes;
}

/** Turns two-factor sign-in off (with the password); never for the Secretariat or administrators. */
export async function disableTotp(deps: Deps, actor: Actor, password: string): Promise<void> {
  if (requiresTwoFactor(actor.role)) throw new HttpError(403, 'accounts.twoFactor.requiredForRole');
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(actor.id);
  if (!user) throw new NotFoundError();
  const errors = new FieldErrors();
  if (!password) errors.add('password', 'accounts.password.currentRequired');
  else if (!(await verifyPassword(user.password_hash, password)))
    errors.add('password', 'accounts.password.currentWrong');
  errors.throwIfAny();
  await deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, { totp_enabled: 0, totp_secret: null, totp_last_step: null });
    await r.deleteRecoveryCodes(user.id);
    await audit(trx, actor, {
      action: 'user.totp.disable',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      before: { totp_enabled: user.totp_enabled },
      after: { totp_enabled: 0 },
    });
  });
}

/** New recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(deps: Deps, actor: Actor): Promise<string[]> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(actor.id);
  if (!user) throw new NotFoundError();
  if (user.totp_enabled !== 1) throw new HttpError(409, 'accounts.twoFactor.notOn');
  const { codes, hashes } = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    await accountsRepository(trx).replaceRecoveryCodes(user.id, hashes);
    await audit(trx, actor, {
      action: 'user.recovery_codes.regenerate',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
    });
  });
  return codes;
}

export async function recoveryCodesLeft(deps: Deps, userId: number): Promise<number> {
  return accountsRepository(deps.db).countUnusedRecoveryCodes(userId);
}

// ---------------------------------------------------------------------------------------------
// Profile
// ---------------------------------------------------------------------------------------------

export interface ProfileInput {
  name: string;
  locale: string;
  timezone: string;
}

export async function updateProfile(deps: Deps, actor: Actor, input: ProfileInput): Promise<void> {
  const errors = new FieldErrors();
  const name = input.name.trim();
  if (!name) errors.add('name', 'accounts.profile.nameRequired');
  else if (name.length > NAME_MAX) errors.add('name', 'accounts.profile.nameTooLong', { max: NAME_MAX });
  if (!isLocale(input.locale)) errors.add('locale', 'accounts.profile.localeInvalid');
  if (!isTimeZone(input.timezone.trim())) errors.add('timezone', 'accounts.profile.timezoneInvalid');
  errors.throwIfAny();
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(actor.id);
  if (!user) throw new NotFoundError();
  await deps.db.transaction().execute(async (trx) => {
    const values = { name, locale: input.locale, timezone: input.timezone.trim() };
    await accountsRepository(trx).updateUser(user.id, values);
    await audit(trx, actor, {
      action: 'user.update',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      before: { name: user.name, locale: user.locale, timezone: user.timezone },
      after: values,
    });
  });
}

function checkNewPassword(errors: FieldErrors, password: string, confirm: string) {
  const problem = passwordProblem(password);
  if (!password) errors.add('password', 'accounts.password.newRequired');
  else if (problem === 'tooShort') errors.add('password', 'accounts.password.tooShort', { min: 10 });
  else if (problem === 'tooLong') errors.add('password', 'accounts.password.tooLong', { max: 200 });
  if (password && !problem && password !== confirm) errors.add('confirm', 'accounts.password.mismatch');
}

/** Changes the password after checking the current one; every other session of the user ends. */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { current: string; password: string; confirm: string },
  keepSessionId: string | null,
): Promise<void> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(actor.id);
  if (!user) throw new NotFoundError();
  const errors = new FieldErrors();
  if (!input.current) errors.add('current', 'accounts.password.currentRequired');
  else if (!(await verifyPassword(user.password_hash, input.current)))
    errors.add('current', 'accounts.password.currentWrong');
  checkNewPassword(errors, input.password, input.confirm);
  errors.throwIfAny();
  const hash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, { password_hash: hash });
    await r.deleteSessionsExcept(user.id, keepSessionId);
    await audit(trx, actor, {
      action: 'user.password.change',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------------

/**
 * Sends a reset link valid for an hour to an active account with this e-mail. Says nothing
 * about whether the account exists: the caller shows the same answer either way.
 */
export async function startPasswordReset(deps: Deps, email: string): Promise<void> {
  const normalized = normalizeEmail(email);
  if (!isEmail(normalized)) return;
  const repo = accountsRepository(deps.db);
  const user = await repo.userByEmail(normalized);
  if (user?.status !== 'active') return;
  const token = randomToken();
  const locale = mailLocale(user.locale);
  await deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.closeUserTokens(user.id, 'reset');
    await r.insertUserToken({
      user_id: user.id,
      purpose: 'reset',
      token_hash: sha256(token),
      created_by: null,
      expires_at: new Date(Date.now() + RESET_MINUTES * 60_000).toISOString(),
    });
    await queueMail(
      trx,
      resetMail({
        to: user.email,
        locale,
        name: user.name,
        url: `${deps.config.baseUrl}/${locale}/password/reset/${token}`,
        minutes: RESET_MINUTES,
      }),
    );
    await audit(trx, null, {
      action: 'user.password.reset_requested',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
    });
  });
}

/** The account a link sent by e-mail belongs to, while the link is valid and the account as it expects. */
async function userForLink(
  deps: Deps,
  purpose: 'reset' | 'invite',
  status: User['status'],
  token: string,
): Promise<User | null> {
  const repo = accountsRepository(deps.db);
  const row = await repo.liveUserToken(purpose, sha256(token));
  if (!row) return null;
  const user = await repo.userById(row.user_id);
  return user && user.status === status ? user : null;
}

/** The account a reset link belongs to, while the link is valid. */
export function userForResetToken(deps: Deps, token: string): Promise<User | null> {
  return userForLink(deps, 'reset', 'active', token);
}

/** Sets the new password from a reset link; the link is used up and every session ends. */
export async function completePasswordReset(
  deps: Deps,
  token: string,
  input: { password: string; confirm: string },
): Promise<User> {
  const user = await userForResetToken(deps, token);
  if (!user) throw new HttpError(404, 'accounts.reset.invalidLink');
  const errors = new FieldErrors();
  checkNewPassword(errors, input.password, input.confirm);
  errors.throwIfAny();
  const hash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, { password_hash: hash, failed_logins: 0, locked_until: null });
    await r.closeUserTokens(user.id, 'reset');
    await r.deleteSessionsExcept(user.id, null);
    await audit(trx, actorFromUser(user), {
      action: 'user.password.reset',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
    });
  });
  return user;
}

// ---------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------

export interface InviteInput {
  email: string;
  name: string;
  role: Role;
  countryIso3: string | null;
  institutionId: number | null;
  locale: Locale;
}

async function issueInvitation(
  trx: Db,
  deps: Pick<AppDeps, 'config'>,
  actor: Actor,
  user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'country_iso3' | 'locale'>,
): Promise<string> {
  const token = randomToken();
  const locale = mailLocale(user.locale);
  const r = accountsRepository(trx);
  await r.closeUserTokens(user.id, 'invite');
  await r.insertUserToken({
    user_id: user.id,
    purpose: 'invite',
    token_hash: sha256(token),
    created_by: actor.id > 0 ? actor.id : null,
    expires_at: new Date(Date.now() + INVITE_DAYS * 86_400_000).toISOString(),
  });
  const url = `${deps.config.baseUrl}/${locale}/invitation/${token}`;
  await queueMail(
    trx,
    invitationMail({
      to: user.email,
      locale,
      name: user.name,
      inviterName: actor.id > 0 ? actor.name : 'SISMEL',
      role: user.role,
      countryIso3: user.country_iso3,
      url,
      days: INVITE_DAYS,
    }),
  );
  return url;
}

/**
 * Invites a person: the account is created with status 'invited' and an e-mail in their
 * language carries a link, valid for 7 days, where they set their password.
 * A coordinator invites editors and readers of their own country; the Secretariat anyone.
 */
export async function inviteUser(
  deps: AppDeps,
  actor: Actor,
  input: {
    email: string;
    name: string;
    role: Role;
    countryIso3: string | null;
    institutionId: number | null;
    locale: Locale;
  },
): Promise<{ userId: number; inviteUrl: string }> {
  const role = input.role;
  const countryIso3 =
    role === 'secretariat' || role === 'admin' ? null : (input.countryIso3?.toUpperCase() ?? null);
  assertCan(actor, 'user.invite', { countryIso3, role });

  const repo = accountsRepository(deps.db);
  const errors = new FieldErrors();
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!isRole(role)) errors.add('role', 'accounts.invite.roleInvalid');
  if (!name) errors.add('name', 'accounts.invite.nameRequired');
  else if (name.length > NAME_MAX) errors.add('name', 'accounts.profile.nameTooLong', { max: NAME_MAX });
  if (!isEmail(email)) errors.add('email', 'accounts.invite.emailInvalid');
  else if (await repo.userByEmail(email)) errors.add('email', 'accounts.invite.emailTaken');
  if (!isLocale(input.locale)) errors.add('locale', 'accounts.profile.localeInvalid');
  if ((role === 'coordinator' || role === 'editor') && !countryIso3) {
    errors.add('countryIso3', 'accounts.invite.countryRequired');
  } else if (countryIso3 && !(await repo.countryExists(countryIso3))) {
    errors.add('countryIso3', 'accounts.invite.countryRequired');
  }
  let institutionId: number | null = null;
  if (input.institutionId != null && countryIso3) {
    const inst = await repo.institutionById(input.institutionId);
    if (!inst || inst.country_iso3 !== countryIso3)
      errors.add('institutionId', 'accounts.invite.institutionInvalid');
    else institutionId = inst.id;
  } else if (input.institutionId != null) {
    errors.add('institutionId', 'accounts.invite.institutionInvalid');
  } else if (role === 'editor') {
    errors.add('institutionId', 'accounts.invite.institutionRequired');
  }
  errors.throwIfAny();

  return deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const user = await accountsRepository(trx).insertUser({
      email,
      name,
      role,
      country_iso3: countryIso3,
      institution_id: institutionId,
      password_hash: null,
      locale: input.locale,
      status: 'invited',
      totp_secret: null,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    });
    const inviteUrl = await issueInvitation(trx, deps, actor, user);
    await audit(trx, actor, {
      action: 'user.invite',
      objectType: 'user',
      objectId: user.id,
      countryIso3,
      after: userSnapshot(user),
    });
    return { userId: user.id, inviteUrl };
  });
}

/** Sends a fresh invitation link; the previous link stops working. */
export async function resendInvitation(
  deps: AppDeps,
  actor: Actor,
  userId: number,
): Promise<{ inviteUrl: string }> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(userId);
  if (!user) throw new NotFoundError();
  assertCan(actor, 'user.invite', { countryIso3: user.country_iso3, role: user.role });
  if (user.status !== 'invited') throw new HttpError(409, 'accounts.invite.notPending');
  return deps.db.transaction().execute(async (trx) => {
    const inviteUrl = await issueInvitation(trx, deps, actor, user);
    await audit(trx, actor, {
      action: 'user.invite.resend',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
    });
    return { inviteUrl };
  });
}

/** The invited account behind an invitation link, while the link is valid. */
export function userForInvitation(deps: Deps, token: string): Promise<User | null> {
  return userForLink(deps, 'invite', 'invited', token);
}

/** The invited person confirms their name and sets a password; the account becomes active. */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  input: { name: string; password: string; confirm: string },
): Promise<User> {
  const user = await userForInvitation(deps, token);
  if (!user) throw new HttpError(404, 'accounts.invitation.invalidLink');
  const errors = new FieldErrors();
  const name = input.name.trim();
  if (!name) errors.add('name', 'accounts.profile.nameRequired');
  else if (name.length > NAME_MAX) errors.add('name', 'accounts.profile.nameTooLong', { max: NAME_MAX });
  checkNewPassword(errors, input.password, input.confirm);
  errors.throwIfAny();
  const hash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, {
      name,
      password_hash: hash,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
    });
    await r.closeUserTokens(user.id, 'invite');
    const updated = (await r.userById(user.id))!;
    await audit(trx, actorFromUser(updated), {
      action: 'user.invitation.accept',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      before: { name: user.name, status: user.status },
      after: { name, status: 'active' },
    });
    return updated;
  });
}

/** Records a sign-in completed outside signIn/verifySecondFactor (after set-up, after an invitation). */
export async function recordSignIn(deps: Deps, user: User, method: 'password' | 'invitation'): Promise<void> {
  await recordLogin(deps, user, method);
}

// ---------------------------------------------------------------------------------------------
// People of a country
// ---------------------------------------------------------------------------------------------

export interface CountryPeople {
  rows: PersonRow[];
  total: number;
  page: number;
  pages: number;
  institutions: { id: number; name: string; acronym: string | null }[];
}

/** The people of a country, for its coordinator, the Secretariat and administrators; 404 otherwise. */
export async function listCountryPeople(
  deps: Deps,
  actor: Actor,
  iso3: string,
  page = 1,
): Promise<CountryPeople> {
  const repo = accountsRepository(deps.db);
  if (!can(actor, 'user.list', { countryIso3: iso3 }) || !(await repo.countryExists(iso3)))
    throw new NotFoundError();
  const total = await repo.countUsersOfCountry(iso3);
  const pages = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const [rows, institutions] = await Promise.all([
    repo.usersOfCountry(iso3, PEOPLE_PAGE_SIZE, (current - 1) * PEOPLE_PAGE_SIZE),
    repo.institutionsOfCountry(iso3),
  ]);
  return { rows, total, page: current, pages, institutions };
}

/** Disables an account: it can no longer sign in, and its sessions end. */
export async function disableUser(deps: Deps, actor: Actor, userId: number): Promise<User> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(userId);
  if (!user) throw new NotFoundError();
  assertCan(actor, 'user.disable', { countryIso3: user.country_iso3 });
  if (user.id === actor.id) throw new HttpError(409, 'accounts.people.cannotDisableSelf');
  // Only the Secretariat may disable another country's or the site's staff; a coordinator only
  // the editors and readers of their country.
  if (actor.role !== 'secretariat' && user.role !== 'editor' && user.role !== 'reader') {
    throw new HttpError(403, 'error.forbidden');
  }
  if (user.status === 'disabled') return user;
  return deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, { status: 'disabled' });
    await r.deleteSessionsExcept(user.id, null);
    await audit(trx, actor, {
      action: 'user.disable',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      before: { status: user.status },
      after: { status: 'disabled' },
    });
    return (await r.userById(user.id))!;
  });
}

/** The Secretariat restores a disabled account (to 'invited' if it never set a password). */
export async function restoreUser(deps: Deps, actor: Actor, userId: number): Promise<User> {
  const repo = accountsRepository(deps.db);
  const user = await repo.userById(userId);
  if (!user) throw new NotFoundError();
  assertCan(actor, 'user.restore', { countryIso3: user.country_iso3 });
  if (user.status !== 'disabled') return user;
  const status = user.password_hash ? 'active' : 'invited';
  return deps.db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    await r.updateUser(user.id, { status, failed_logins: 0, locked_until: null });
    await audit(trx, actor, {
      action: 'user.restore',
      objectType: 'user',
      objectId: user.id,
      countryIso3: user.country_iso3,
      before: { status: user.status },
      after: { status },
    });
    return (await r.userById(user.id))!;
  });
}

// ---------------------------------------------------------------------------------------------
// Personal API tokens
// ---------------------------------------------------------------------------------------------

export interface ApiTokenInfo {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

export async function listPersonalTokens(deps: Deps, actor: Actor): Promise<ApiTokenInfo[]> {
  return accountsRepository(deps.db).apiTokensOf(actor.id);
}

/** Creates a personal API token; the returned `token` is shown once and never stored in clear. */
export async function createPersonalToken(
  deps: Deps,
  actor: Actor,
  name: string,
): Promise<ApiTokenInfo & { token: string }> {
  const errors = new FieldErrors();
  const clean = name.trim();
  if (!clean) errors.add('name', 'accounts.tokens.nameRequired');
  else if (clean.length > 100) errors.add('name', 'accounts.tokens.nameTooLong', { max: 100 });
  errors.throwIfAny();
  const { token, prefix, hash } = newApiTokenValue();
  return deps.db.transaction().execute(async (trx) => {
    const row = await accountsRepository(trx).insertApiToken({
      user_id: actor.id,
      name: clean,
      prefix,
      token_hash: hash,
    });
    await audit(trx, actor, {
      action: 'api_token.create',
      objectType: 'api_token',
      objectId: row.id,
      countryIso3: actor.countryIso3,
      after: { name: clean, prefix, user_id: actor.id },
    });
    return { ...row, last_used_at: null, token };
  });
}

/** Revokes one of the actor's own tokens; someone else's token is not found. */
export async function revokePersonalToken(deps: Deps, actor: Actor, tokenId: number): Promise<void> {
  const repo = accountsRepository(deps.db);
  const row = await repo.liveApiToken(actor.id, tokenId);
  if (!row) throw new NotFoundError();
  await deps.db.transaction().execute(async (trx) => {
    await accountsRepository(trx).revokeApiToken(row.id);
    await audit(trx, actor, {
      action: 'api_token.revoke',
      objectType: 'api_token',
      objectId: row.id,
      countryIso3: actor.countryIso3,
      before: { name: row.name, prefix: row.prefix },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers for the command line (no acting user: the system acts)
// ---------------------------------------------------------------------------------------------

export interface DirectUserInput {
  email: string;
  name: string;
  role: Role;
  countryIso3?: string | null;
  /** Name or acronym of an institution of the country; created if it does not exist. */
  institutionName?: string | null;
  password: string;
  locale?: Locale;
}

/** Creates an active account straight away (command line, set-up scripts). */
export async function createUserDirect(db: Db, input: DirectUserInput): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!isEmail(email)) throw new Error(`Not a valid e-mail address: ${input.email}`);
  if (!isRole(input.role)) throw new Error(`Unknown role: ${input.role}`);
  const problem = passwordProblem(input.password);
  if (problem)
    throw new Error(
      problem === 'tooShort' ? 'The password needs at least 10 characters' : 'The password is too long',
    );
  const countryIso3 = input.countryIso3 ? input.countryIso3.toUpperCase() : null;
  if ((input.role === 'coordinator' || input.role === 'editor') && !countryIso3) {
    throw new Error(`A ${input.role} needs a country`);
  }
  const repo = accountsRepository(db);
  if (countryIso3 && !(await repo.countryExists(countryIso3)))
    throw new Error(`Unknown country: ${countryIso3}`);
  if (await repo.userByEmail(email)) throw new Error(`An account with this e-mail already exists: ${email}`);
  const hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const r = accountsRepository(trx);
    const now = nowIso();
    let institutionId: number | null = null;
    if (countryIso3 && input.institutionName?.trim()) {
      const existing = await r.institutionByName(countryIso3, input.institutionName.trim());
      institutionId =
        existing?.id ??
        (
          await trx
            .insertInto('institutions')
            .values({
              country_iso3: countryIso3,
              name: input.institutionName.trim(),
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    }
    const user = await r.insertUser({
      email,
      name: input.name.trim() || email,
      role: input.role,
      country_iso3: countryIso3,
      institution_id: institutionId,
      password_hash: hash,
      locale: input.locale ?? 'en',
      status: 'active',
      totp_secret: null,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    });
    await audit(trx, SYSTEM_ACTOR, {
      action: 'user.create',
      objectType: 'user',
      objectId: user.id,
      countryIso3,
      after: userSnapshot(user),
    });
    return user;
  });
}

/** Creates a personal API token for a user (command line); returns the token, shown once. */
export async function createApiToken(
  depsOrDb: Pick<AppDeps, 'db'> | Db,
  userId: number,
  name: string,
): Promise<string> {
  const db: Db = 'selectFrom' in depsOrDb ? depsOrDb : depsOrDb.db;
  const user = await accountsRepository(db).userById(userId);
  if (!user) throw new Error(`No user with id ${userId}`);
  const { token, prefix, hash } = newApiTokenValue();
  await db.transaction().execute(async (trx) => {
    const row = await accountsRepository(trx).insertApiToken({
      user_id: user.id,
      name: name.trim() || 'token',
      prefix,
      token_hash: hash,
    });
    await audit(trx, SYSTEM_ACTOR, {
      action: 'api_token.create',
      objectType: 'api_token',
      objectId: row.id,
      countryIso3: user.country_iso3,
      after: { name: row.name, prefix, user_id: user.id },
    });
  });
  return token;
}
