import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the peer received, decoded. */
export interface ReceivedMail {
  /** The envelope recipients, comma-separated. */
  to: string;
  /** The Subject header with its encoded words decoded. */
  subject: string;
  /** The text/plain part ('' when there is none), with LF line ends. */
  text: string;
  /** The text/html part ('' when there is none), with LF line ends. */
  html: string;
  /** The message's header block, unfolded. */
  head: string;
  /** The message as it came over the wire. */
  raw: string;
}

/** A real SMTP peer on 127.0.0.1 that keeps what it receives. */
export interface SmtpPeer {
  /** An SMTP_URL that points at this peer. */
  url: string;
  port: number;
  /** Every message received so far, oldest first (tests may empty it). */
  inbox: ReceivedMail[];
  /** Resolves with the first message, received or to come, that matches; rejects after `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function splitMessage(raw: string): { head: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { head: raw.replace(/\r\n[ \t]+/g, ' '), body: '' };
  return { head: raw.slice(0, split).replace(/\r\n[ \t]+/g, ' '), body: raw.slice(split + 4) };
}

function headerOf(head: string, name: string): string {
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
}

const hexBytes = (s: string) =>
  s.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

/** Decodes RFC 2047 encoded words; adjacent words are joined before decoding, as a character may span two. */
function decodeWords(value: string): string {
  return value
    .replace(/(?:=\?UTF-8\?[QB]\?[^?]*\?=\s*)+/gi, (run) => {
      const bytes = [...run.matchAll(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi)].map(([, kind, data]) =>
        kind!.toUpperCase() === 'B'
          ? Buffer.from(data!, 'base64')
          : Buffer.from(hexBytes(data!.replace(/_/g, ' ')), 'latin1'),
      );
      return Buffer.concat(bytes).toString('utf8') + (/\s$/.test(run) ? ' ' : '');
    })
    .trim();
}

/** Decodes one body as nodemailer sends it (quoted-printable, base64 or 8bit). */
function decodeBody(head: string, body: string): string {
  const encoding = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable')
    bytes = Buffer.from(hexBytes(body.replace(/=\r\n/g, '')), 'latin1');
  else bytes = Buffer.from(body, 'latin1');
  return bytes.toString('utf8').replace(/\r\n/g, '\n');
}

/** Collects the text/plain and text/html parts, walking into multipart bodies. */
function collectParts(head: string, body: string, into: { text: string; html: string }): void {
  const type = headerOf(head, 'Content-Type').toLowerCase() || 'text/plain';
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headerOf(head, 'Content-Type'))?.[1];
    if (!boundary) return;
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const inner = splitMessage(part.replace(/^\r\n/, '').replace(/\r\n$/, ''));
      collectParts(inner.head, inner.body, into);
    }
  } else if (type.startsWith('text/html')) into.html ||= decodeBody(head, body);
  else if (type.startsWith('text/plain')) into.text ||= decodeBody(head, body);
}

function decodeMessage(to: string, raw: string): ReceivedMail {
  // The line end before the SMTP end-of-data mark is framing, not text.
  const { head, body } = splitMessage(raw.replace(/\r\n$/, ''));
  const parts = { text: '', html: '' };
  collectParts(head, body, parts);
  return { to, subject: decodeWords(headerOf(head, 'Subject')), ...parts, head, raw };
}

/** Starts an SMTP peer on a free port of 127.0.0.1. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const inbox: ReceivedMail[] = [];
  const waiters = new Set<(mail: ReceivedMail) => void>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const mail = decodeMessage(to, Buffer.concat(chunks).toString('latin1'));
        inbox.push(mail);
        for (const waiter of [...waiters]) waiter(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    inbox,
    waitFor(match, timeoutMs = 5000) {
      const already = inbox.find(match);
      if (already) return Promise.resolve(already);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = inbox.map((m) => `${m.to}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`No matching message within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        const waiter = (mail: ReceivedMail) => {
          if (!match(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
