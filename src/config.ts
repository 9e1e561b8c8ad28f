import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** One typed, validated view of the environment. */
export interface Config {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  baseUrl: string;
  databaseUrl: string;
  dataDir: string;
  filesDir: string;
  sessionSecret: string;
  secureCookies: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  seedDemo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxAttempts: number;
  loginLockMinutes: number;
  uploadMaxBytes: number;
  jitsiBaseUrl: string;
  logLevel: string;
  argon2MemoryKiB: number;
  runJobs: boolean;
  /** The dashboard flags an indicator whose latest value for a country is older than this. */
  staleIndicatorMonths: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const host = env.HOST || '127.0.0.1';
  const port = int(env, 'PORT', 3000);
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || `sqlite:${path.join(dataDir, 'sismel.db')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
  }
  const sessionSecret = env.SESSION_SECRET || '';
  if (nodeEnv === 'production' && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be set to at least 32 characters in production');
  }
  const baseUrl = (env.BASE_URL || `http://localhost:${port}`).replace(/\/$/, '');
  return {
    env: nodeEnv,
    host,
    port,
    baseUrl,
    databaseUrl,
    dataDir,
    filesDir: path.resolve(env.FILES_DIR || path.join(dataDir, 'files')),
    sessionSecret: sessionSecret || randomBytes(32).toString('hex'),
    secureCookies: bool(env, 'SECURE_COOKIES', baseUrl.startsWith('https://')),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'SISMEL <no-reply@sismel.example>',
    seedDemo: bool(env, 'SEED_DEMO', nodeEnv !== 'production'),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 5),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_MB', 50) * 1024 * 1024,
    jitsiBaseUrl: (env.JITSI_URL || 'https://meet.jit.si').replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    argon2MemoryKiB: int(env, 'ARGON2_MEMORY_KIB', nodeEnv === 'test' ? 1024 : 19456),
    runJobs: bool(env, 'RUN_JOBS', true),
    staleIndicatorMonths: int(env, 'STALE_INDICATOR_MONTHS', 18),
  };
}
