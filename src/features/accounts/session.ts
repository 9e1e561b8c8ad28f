import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import {
  createSession,
  destroySession,
  SESSION_COOKIE,
  type SessionStage,
} from '../../platform/auth/sessions.ts';

/** A half-way session (password given, second factor pending) lasts at most this long. */
const PENDING_SESSION_MINUTES = 15;

function cookieOptions(deps: AppDeps) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.secureCookies };
}

/**
 * Starts a new session for the user and drops the one the browser had: a fresh session id at
 * every step of sign-in, so an id known before sign-in is worthless after it.
 */
export async function startSession(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  stage: SessionStage,
): Promise<void> {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) await destroySession(deps.db, previous);
  const timeouts =
    stage === 'full'
      ? { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours }
      : { idleMinutes: PENDING_SESSION_MINUTES, absoluteHours: PENDING_SESSION_MINUTES / 60 };
  const { token } = await createSession(deps.db, userId, stage, timeouts, request.headers['user-agent']);
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(deps));
}

export async function endSession(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await destroySession(deps.db, token);
  reply.clearCookie(SESSION_COOKIE, cookieOptions(deps));
}

/**
 * A local path to go to after sign-in, without the locale prefix; anything else (another site,
 * `//host`, backslashes, control characters) is dropped.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || hasControlCharacter(value))
    return null;
  const stripped = value.replace(/^\/(en|es|fr|pt)(?=\/|$|\?)/, '') || '/';
  if (!stripped.startsWith('/') || stripped.startsWith('//')) return null;
  if (stripped === '/login' || stripped.startsWith('/login/') || stripped.startsWith('/login?')) return null;
  return stripped;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
