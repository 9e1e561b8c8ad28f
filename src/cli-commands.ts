import type { Config } from './config.ts';
import { nowIso } from './db/dialect.ts';
import { startPasswordReset } from './features/accounts/service.ts';
import { JobRunner } from './platform/jobs/queue.ts';
import { registerMailDelivery } from './platform/mail/mailer.ts';
import type { Db } from './db/connection.ts';
import type { Role, User } from './db/schema.ts';
import type { Actor } from './platform/auth/actor.ts';
import { newApiTokenValue } from './platform/auth/api-tokens.ts';
import { hashPassword, passwordProblem } from './platform/auth/crypto.ts';
import { audit } from './platform/audit/audit.ts';
import { isEmail } from './platform/http/form.ts';

const ROLES: Role[] = ['secretariat', 'admin', 'coordinator', 'editor', 'reader'];

export class CommandError extends Error {}

export interface CreateUserInput {
  email: string;
  name: string;
  role: string;
  country?: string;
  institution?: string;
  password: string;
}

/** `user:create`: an active account, with its institution created if the country has none of that name. */
export async function createUserCommand(db: Db, actor: Actor, input: CreateUserInput): Promise<User> {
  const email = input.email.toLowerCase();
  if (!isEmail(email)) throw new CommandError(`Not an e-mail address: ${input.email}`);
  if (!ROLES.includes(input.role as Role))
    throw new CommandError(`--role must be one of ${ROLES.join(', ')}`);
  const role = input.role as Role;
  const problem = passwordProblem(input.password);
  if (problem) throw new CommandError('The password must have between 10 and 200 characters.');
  const country = input.country?.toUpperCase() ?? null;
  if ((role === 'coordinator' || role === 'editor') && !country)
    throw new CommandError(`A ${role} needs --country ISO3`);
  if (
    country &&
    !(await db.selectFrom('countries').select('iso3').where('iso3', '=', country).executeTakeFirst())
  ) {
    throw new CommandError(
      `Unknown country: ${country} (use an ISO 3166 alpha-3 code of an OAS member state)`,
    );
  }
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
    throw new CommandError(`A user with e-mail ${email} already exists`);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    let institutionId: number | null = null;
    if (input.institution && country) {
      const existing = await trx
        .selectFrom('institutions')
        .select('id')
        .where('country_iso3', '=', country)
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('name', '=', input.institution!), eb('acronym', '=', input.institution!)]))
        .executeTakeFirst();
      if (existing) institutionId = existing.id;
      else {
        const inst = await trx
          .insertInto('institutions')
          .values({
            country_iso3: country,
            name: input.institution,
            acronym: null,
            website: null,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        institutionId = inst.id;
        await audit(trx, actor, {
          action: 'institution.create',
          objectType: 'institution',
          objectId: inst.id,
          countryIso3: country,
          after: inst,
        });
      }
    }
    const user = await trx
      .insertInto('users')
      .values({
        email,
        name: input.name,
        role,
        country_iso3: role === 'secretariat' || role === 'admin' ? null : country,
        institution_id: institutionId,
        password_hash: passwordHash,
        status: 'active',
        created_at: now,
        updated_at: now,
        locked_until: null,
        last_login_at: null,
        totp_secret: null,
        deleted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (role === 'coordinator' && country) {
      const previous = await trx
        .selectFrom('coordinator_terms')
        .selectAll()
        .where('country_iso3', '=', country)
        .where('ended_at', 'is', null)
        .execute();
      for (const term of previous) {
        await trx.updateTable('coordinator_terms').set({ ended_at: now }).where('id', '=', term.id).execute();
        await trx
          .updateTable('users')
          .set({ role: 'editor', updated_at: now })
          .where('id', '=', term.user_id)
          .execute();
      }
      await trx
        .insertInto('coordinator_terms')
        .values({ country_iso3: country, user_id: user.id, designated_by: null, started_at: now })
        .execute();
    }
    await audit(trx, actor, {
      action: 'user.create',
      objectType: 'user',
      objectId: user.id,
      countryIso3: country,
      after: user,
    });
    return user;
  });
}

/** `user:token`: a new personal API token for an active user; the value is shown only here. */
export async function issueApiToken(db: Db, email: string, name: string): Promise<string> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) throw new CommandError(`No user with e-mail ${email}`);
  if (user.status !== 'active') throw new CommandError(`The account ${email} is not active`);
  const { token, prefix, hash } = newApiTokenValue();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: user.id,
        name,
        prefix,
        token_hash: hash,
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, null, {
      action: 'api_token.create',
      objectType: 'api_token',
      objectId: row.id,
      after: { user_id: user.id, name, prefix },
    });
  });
  return token;
}

/** `user:reset-password`: the same reset e-mail as the "forgot password" page, delivered now when SMTP is set. */
export async function resetPasswordCommand(
  db: Db,
  config: Config,
  email: string,
): Promise<'sent' | 'outbox'> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'status'])
    .where('email', '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) throw new CommandError(`No user with e-mail ${email}`);
  if (user.status !== 'active') throw new CommandError(`The account ${email} is not active`);
  await startPasswordReset({ db, config }, email);
  if (!config.smtpUrl) return 'outbox';
  const runner = new JobRunner(db);
  registerMailDelivery(runner, db, config.smtpUrl, config.mailFrom);
  await runner.runDue();
  const last = await db
    .selectFrom('outbox')
    .select(['sent_at', 'error'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last?.sent_at)
    throw new CommandError(
      `The e-mail could not be sent: ${last?.error ?? 'unknown error'} (it will be retried by the server)`,
    );
  return 'sent';
}
