import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link turns off: one kind, or every kind ('*'). */
export interface UnsubscribeTarget {
  userId: number;
  kind: string;
}

export const ALL_KINDS = '*';

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`notifications.unsubscribe:${payload}`).digest('base64url');
}

/**
 * A one-click unsubscribe token: `<user id>.<kind in base64url>.<HMAC>`. It needs no session
 * and does not expire, as mail clients may follow it long after the message was sent; it can
 * only ever turn e-mails off, for the user it names.
 */
export function unsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const payload = `${target.userId}.${Buffer.from(target.kind, 'utf8').toString('base64url')}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | null {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const payload = `${m[1]}.${m[2]}`;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const kind = Buffer.from(m[2]!, 'base64url').toString('utf8');
  if (kind !== ALL_KINDS && !/^[a-z0-9_.-]+$/.test(kind)) return null;
  return { userId: Number(m[1]), kind };
}
