import path from 'node:path';
import { backup } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { connect, type DatabaseHandle } from './db/connection.ts';
import { isEmpty, seedDemo } from './db/demo.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedReferenceData } from './db/seed.ts';
import { SYSTEM_ACTOR } from './platform/auth/actor.ts';
import { setArgon2Memory } from './platform/auth/crypto.ts';
import { CommandError, createUserCommand, issueApiToken, resetPasswordCommand } from './cli-commands.ts';
import { reindexAll } from './features/search/feeds.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                               apply database migrations
  seed:demo                             seed demo accounts and content into an empty database
  user:create --email E --name N --role R [--country ISO3] [--institution NAME] --password P
                                        create an active user (roles: secretariat, admin, coordinator, editor, reader)
  user:token --email E [--name LABEL]   print a new personal API token for the user
  user:reset-password --email E         e-mail the user a password reset link (valid 1 hour)
  backup --to FILE                      online backup of the SQLite database (PostgreSQL: use pg_dump)
  reindex                               rebuild the search index from the data of every feature
`;

const CliError = CommandError;

async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  setArgon2Memory(config.argon2MemoryKiB);
  const handle = connect(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${name} is required`);
  return v.trim();
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    allowPositionals: false,
    strict: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      country: { type: 'string' },
      institution: { type: 'string' },
      password: { type: 'string' },
      to: { type: 'string' },
    },
  });
  switch (command) {
    case 'migrate':
      await withDatabase(async ({ db }) => {
        const applied = await migrateToLatest(db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      });
      return 0;
    case 'seed:demo':
      await withDatabase(async ({ db }) => {
        if (!(await isEmpty(db)))
          throw new CliError('The database already has users; the demo is seeded only into an empty one.');
        await seedDemo(db);
        console.log('Demo accounts and content seeded.');
      });
      return 0;
    case 'user:create':
      await withDatabase(async ({ db }) => {
        const user = await createUserCommand(db, SYSTEM_ACTOR, {
          email: required(values, 'email'),
          name: required(values, 'name'),
          role: required(values, 'role'),
          country: values.country,
          institution: values.institution,
          password: required(values, 'password'),
        });
        console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
      });
      return 0;
    case 'user:token':
      await withDatabase(async ({ db }) => {
        const token = await issueApiToken(db, required(values, 'email'), values.name ?? 'CLI');
        console.log(token);
      });
      return 0;
    case 'user:reset-password':
      await withDatabase(async ({ db }) => {
        const config = loadConfig();
        const outcome = await resetPasswordCommand(db, config, required(values, 'email'));
        console.log(
          outcome === 'sent'
            ? 'The reset link has been e-mailed (valid 1 hour).'
            : 'No SMTP_URL is set: the message is in the outbox (Administration → Outbox).',
        );
      });
      return 0;
    case 'backup':
      await withDatabase(async (handle) => {
        const to = path.resolve(required(values, 'to'));
        if (!handle.sqlite) {
          throw new CliError('On PostgreSQL use pg_dump (see README.md and docs/operations.md).');
        }
        const pages = await backup(handle.sqlite.raw, to);
        console.log(`Backed up ${pages} pages to ${to}`);
      });
      return 0;
    case 'reindex':
      await withDatabase(async ({ db }) => {
        for (const r of await reindexAll({ db })) console.log(`${r.types.join(', ')}: ${r.entries} entries`);
      });
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts')) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(
        err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
          ? err.message
          : err,
      );
      process.exit(1);
    },
  );
}
