import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/helpers.ts';
import { CommandError, createUserCommand, issueApiToken } from './cli-commands.ts';
import { runCli } from './cli.ts';
import { SYSTEM_ACTOR } from './platform/auth/actor.ts';
import { userForApiToken } from './platform/auth/api-tokens.ts';
import { verifyPassword } from './platform/auth/crypto.ts';

describe('CLI commands', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('creates a coordinator with an institution, ends the previous term, and audits it', async () => {
    const first = await createUserCommand(t.db, SYSTEM_ACTOR, {
      email: 'First@Example.org',
      name: 'First',
      role: 'coordinator',
      country: 'ury',
      institution: 'MTSS',
      password: 'a-long-password',
    });
    expect(first.email).toBe('first@example.org');
    expect(await verifyPassword(first.password_hash, 'a-long-password')).toBe(true);
    const second = await createUserCommand(t.db, SYSTEM_ACTOR, {
      email: 'second@example.org',
      name: 'Second',
      role: 'coordinator',
      country: 'URY',
      institution: 'MTSS',
      password: 'a-long-password',
    });
    expect(second.institution_id).toBe(first.institution_id);
    const terms = await t.db
      .selectFrom('coordinator_terms')
      .selectAll()
      .where('country_iso3', '=', 'URY')
      .orderBy('id')
      .execute();
    expect(terms.map((x) => [x.user_id, x.ended_at === null])).toEqual([
      [first.id, false],
      [second.id, true],
    ]);
    const demoted = await t.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(demoted.role).toBe('editor');
    const audits = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'user')
      .execute();
    expect(audits).toHaveLength(2);
  });

  it('refuses bad input with a clear message', async () => {
    await expect(
      createUserCommand(t.db, SYSTEM_ACTOR, {
        email: 'x@example.org',
        name: 'X',
        role: 'editor',
        password: 'a-long-password',
      }),
    ).rejects.toThrow(/needs --country/);
    await expect(
      createUserCommand(t.db, SYSTEM_ACTOR, {
        email: 'x@example.org',
        name: 'X',
        role: 'king',
        password: 'a-long-password',
      }),
    ).rejects.toBeInstanceOf(CommandError);
    await expect(
      createUserCommand(t.db, SYSTEM_ACTOR, {
        email: 'x@example.org',
        name: 'X',
        role: 'editor',
        country: 'FRA',
        password: 'a-long-password',
      }),
    ).rejects.toThrow(/Unknown country/);
  });

  it('issues an API token that authenticates as the user', async () => {
    const token = await issueApiToken(t.db, 'second@example.org', 'scripts');
    const user = await userForApiToken(t.db, token);
    expect(user?.email).toBe('second@example.org');
  });
});

describe('npm run cli', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-cli-'));
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.DATABASE_URL = `sqlite:${path.join(dir, 'cli.db')}`;
    process.env.ARGON2_MEMORY_KIB = '1024';
  });
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, creates a user and backs up the SQLite database', async () => {
    expect(await runCli(['migrate'])).toBe(0);
    expect(
      await runCli([
        'user:create',
        '--email',
        'sec@example.org',
        '--name',
        'Sec',
        '--role',
        'secretariat',
        '--password',
        'a-long-password',
      ]),
    ).toBe(0);
    const to = path.join(dir, 'backup.db');
    expect(await runCli(['backup', '--to', to])).toBe(0);
    const copy = new DatabaseSync(to);
    const row = copy.prepare('select email from users').get() as { email: string };
    copy.close();
    expect(row.email).toBe('sec@example.org');
  });

  it('answers an unknown command with usage and exit code 2', async () => {
    expect(await runCli(['frobnicate'])).toBe(2);
  });
});

describe('user:reset-password', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('puts the reset e-mail in the outbox without SMTP, and refuses unknown accounts', async () => {
    const { loadConfig } = await import('./config.ts');
    const { resetPasswordCommand } = await import('./cli-commands.ts');
    const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'https://sismel.example.org' });
    await createUserCommand(t.db, SYSTEM_ACTOR, {
      email: 'forgetful@example.org',
      name: 'Forgetful',
      role: 'reader',
      password: 'a-long-password',
    });
    expect(await resetPasswordCommand(t.db, config, 'forgetful@example.org')).toBe('outbox');
    const mail = await t.db
      .selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', 'forgetful@example.org')
      .executeTakeFirst();
    expect(mail?.text_body).toContain('https://sismel.example.org/en/password/reset/');
    await expect(resetPasswordCommand(t.db, config, 'nobody@example.org')).rejects.toThrow(/No user/);
  });
});
