import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { seedDemo } from '../../src/db/demo.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/db/seed.ts';
import { setArgon2Memory } from '../../src/platform/auth/crypto.ts';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from '../smtp.ts';

export const resultsDir = path.resolve('test-results');

export type { ReceivedMail } from '../smtp.ts';

/** A seeded demo server on 127.0.0.1 with a real SMTP peer, and headless Chromium. */
export interface Harness {
  app: FastifyInstance;
  handle: DatabaseHandle;
  baseUrl: string;
  browser: Browser;
  smtp: SmtpPeer;
  /** The messages the SMTP peer received so far (`smtp.inbox`). */
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

  const smtp = await startSmtpPeer();

  const handle = connect(`sqlite:${path.join(dir, 'e2e.db')}`);
  await migrateToLatest(handle.db);
  await seedReferenceData(handle.db);
  await seedDemo(handle.db);

  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'e2e-secret-'.repeat(4),
    DATA_DIR: dir,
    SMTP_URL: smtp.url,
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
    smtp,
    mails: smtp.inbox,
    newContext: (options) => browser.newContext({ baseURL: baseUrl, ...options }),
    async deliverMail() {
      await app.deps.jobs.runDue();
      return smtp.inbox;
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
      await smtp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first link in a received e-mail's text that points at the server. */
export function linkFrom(mail: ReceivedMail, baseUrl: string): string {
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[^\\s"<>]+`).exec(mail.text);
  if (!m) throw new Error(`No link to ${baseUrl} in mail to ${mail.to}`);
  return m[0];
}
