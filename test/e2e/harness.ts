import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { seedDemo } from '../../src/db/demo.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/db/seed.ts';
import { setArgon2Memory } from '../../src/platform/auth/crypto.ts';

export const resultsDir = path.resolve('test-results');

export interface ReceivedMail {
  to: string;
  raw: string;
}

/** A seeded demo server on 127.0.0.1 with a real SMTP peer, and headless Chromium. */
export interface Harness {
  app: FastifyInstance;
  handle: DatabaseHandle;
  baseUrl: string;
  browser: Browser;
  mails: ReceivedMail[];
  newContext(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  /** Delivers queued mail now and returns the messages received so far. */
  deliverMail(): Promise<ReceivedMail[]>;
  screenshot(page: import('playwright-core').Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  setArgon2Memory(1024);
  fs.mkdirSync(resultsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-e2e-'));

  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;

  const handle = connect(`sqlite:${path.join(dir, 'e2e.db')}`);
  await migrateToLatest(handle.db);
  await seedReferenceData(handle.db);
  await seedDemo(handle.db);

  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'e2e-secret-'.repeat(4),
    DATA_DIR: dir,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
    RUN_JOBS: 'false',
    PORT: '0',
  });
  const app = await buildApp({ config, handle, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  config.baseUrl = baseUrl;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });

  return {
    app,
    handle,
    baseUrl,
    browser,
    mails,
    newContext: (options) => browser.newContext({ baseURL: baseUrl, ...options }),
    async deliverMail() {
      await app.deps.jobs.runDue();
      return mails;
    },
    async screenshot(page, name) {
      const file = path.join(resultsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await app.close();
      await handle.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first link in a received e-mail that points at the server, with quoted-printable soft breaks undone. */
export function linkFrom(mail: ReceivedMail, baseUrl: string): string {
  const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[^\\s"<>]+`).exec(body);
  if (!m) throw new Error(`No link to ${baseUrl} in mail to ${mail.to}`);
  return m[0];
}
