/**
 * Writes the screenshots the manuals show (public/help-images/<locale>/<name>.png): starts the
 * seeded demo on a temporary database, signs in with the demo accounts in Chromium, and takes
 * each picture in each language. `npm run docs:screenshots` (all), `… -- es fr` (some languages).
 * See docs/manuals/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateSync } from 'otplib';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness } from '../test/e2e/harness.ts';
import { DEMO_PASSWORD } from '../src/db/demo.ts';
import { helpImagesDir } from '../src/features/content/manuals.ts';
import { LOCALES, type Locale } from '../src/platform/i18n/locales.ts';
import { toPalettePng } from './png-palette.ts';

type Account = 'anon' | 'coordinator.ury' | 'secretariat';

interface Shot {
  name: string;
  account: Account;
  /** Opens the page and prepares it; the picture is the window (1100 × 800) afterwards. */
  go(page: Page, locale: Locale): Promise<void>;
  /** Runs after the picture, e.g. to leave the demo data as it was for the next language. */
  after?(page: Page): Promise<void>;
}

const SEARCH_WORD: Record<Locale, string> = { en: 'employment', es: 'empleo', fr: 'emploi', pt: 'emprego' };

/** Scrolls so that `selector` is near the top of the window, with a little context above it. */
async function scrollTo(page: Page, selector: string, above = 120) {
  await page
    .locator(selector)
    .first()
    .evaluate((el, px) => {
      el.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -px);
    }, above);
}

async function open(page: Page, url: string) {
  const res = await page.goto(url);
  if (!res || res.status() >= 400) throw new Error(`${url} answered ${res?.status()}`);
}

let runJobs: () => Promise<unknown> = async () => {};

/** Uploads a template with one changed and some new values, and waits for the report. */
async function uploadChanges(page: Page, locale: Locale): Promise<void> {
  const res = await page.request.get(
    `/${locale}/statistics/imports/template.csv?indicator=UNE_RT&country=URY`,
  );
  const lines = (await res.text()).trim().split(/\r?\n/);
  const out = [lines[0]!];
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    if (c[2] === '2024' && c[3] === 'SEX_T' && c[4] === 'AGE_YTHADULT_YGE15') c[5] = '12.9';
    if (c[2] === '2025') {
      c[5] = c[4]!.includes('15_24') ? '19.5' : '7.1';
      c[6] = 'P';
    }
    out.push(c.join(','));
  }
  await open(page, `/${locale}/statistics/imports/new`);
  await page.setInputFiles('input[type=file]', {
    name: 'une-ury-2025.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${out.join('\n')}\n`),
  });
  await page.locator('main form[enctype="multipart/form-data"] button[type=submit]').click();
  await page.waitForLoadState('load');
  await runJobs();
  await page.reload();
}

const SHOTS: Shot[] = [
  { name: 'user-sign-in', account: 'anon', go: (p, l) => open(p, `/${l}/login`) },
  {
    name: 'user-indicator',
    account: 'anon',
    go: (p, l) => open(p, `/${l}/statistics/indicators/UNE_RT?countries=URY,CHL,MEX,BRA&from=2012`),
  },
  { name: 'user-search', account: 'anon', go: (p, l) => open(p, `/${l}/search?q=${SEARCH_WORD[l]}`) },
  { name: 'user-documents', account: 'anon', go: (p, l) => open(p, `/${l}/documents`) },
  {
    name: 'user-consultation',
    account: 'coordinator.ury',
    async go(p, l) {
      await open(p, `/${l}/consultations?mine=1`);
      await p.locator('main .consultation-list a, main h2 a, main h3 a').first().click();
      await p.waitForLoadState('load');
      await scrollTo(p, '#answer-form-heading', 260);
    },
  },
  { name: 'user-proposals', account: 'coordinator.ury', go: (p, l) => open(p, `/${l}/proposals`) },
  {
    name: 'user-study-group',
    account: 'coordinator.ury',
    async go(p, l) {
      await open(p, `/${l}/study-groups`);
      await p.locator('main a[href*="/study-groups/"]:not([href$="/study-groups"])').first().click();
      await p.waitForLoadState('load');
    },
  },
  { name: 'user-cooperation', account: 'anon', go: (p, l) => open(p, `/${l}/cooperation`) },
  {
    name: 'user-notification-settings',
    account: 'coordinator.ury',
    go: (p, l) => open(p, `/${l}/notifications/preferences`),
  },
  {
    name: 'coordinator-people',
    account: 'coordinator.ury',
    async go(p, l) {
      await open(p, `/${l}/countries/URY/people`);
      const form = p.locator('.invite-card');
      await form.locator('input[name="name"]').fill('Ana Rodríguez');
      await form.locator('input[name="email"]').fill('ana.rodriguez@mtss.example');
      await scrollTo(p, '#invite-title', 320);
    },
  },
  {
    name: 'coordinator-entry',
    account: 'coordinator.ury',
    async go(p, l) {
      await open(p, `/${l}/statistics/entry/UNE_RT/URY`);
      await scrollTo(p, 'main table', 200);
    },
  },
  {
    name: 'coordinator-import-report',
    account: 'coordinator.ury',
    go: (p, l) => uploadChanges(p, l),
  },
  {
    name: 'coordinator-import-applied',
    account: 'coordinator.ury',
    async go(p) {
      // Continues from the report of the previous picture.
      const box = p.locator('main input[type=checkbox]');
      if (await box.count()) await box.check();
      await p.locator('main form button[type=submit]').first().click();
      await p.waitForLoadState('load');
      await runJobs();
      await p.reload();
    },
    async after(p) {
      await p.locator('main form[action*="/revert"] button').click();
      await p.waitForLoadState('load');
      await runJobs();
    },
  },
  { name: 'coordinator-dashboard', account: 'coordinator.ury', go: (p, l) => open(p, `/${l}/dashboard`) },
  { name: 'coordinator-country', account: 'coordinator.ury', go: (p, l) => open(p, `/${l}/countries/URY`) },
  { name: 'secretariat-admin', account: 'secretariat', go: (p, l) => open(p, `/${l}/admin`) },
  { name: 'secretariat-pages', account: 'secretariat', go: (p, l) => open(p, `/${l}/admin/pages`) },
  {
    name: 'secretariat-designate',
    account: 'secretariat',
    go: (p, l) => open(p, `/${l}/countries/URY/coordinator`),
  },
  { name: 'secretariat-audit', account: 'secretariat', go: (p, l) => open(p, `/${l}/admin/audit`) },
  { name: 'secretariat-outbox', account: 'secretariat', go: (p, l) => open(p, `/${l}/admin/outbox`) },
];

/** Signs a demo account in; the Secretariat sets up two-factor sign-in on the way. */
async function signIn(context: BrowserContext, account: Account): Promise<void> {
  if (account === 'anon') return;
  const page = await context.newPage();
  await page.goto('/en/login');
  await page.fill('#f-email', `${account}@sismel.example`);
  await page.fill('#f-password', DEMO_PASSWORD);
  await page.locator('main button[type=submit]').click();
  await page.waitForLoadState('load');
  if (page.url().includes('/login/setup')) {
    const secret = ((await page.locator('.secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.fill('input[name="code"]', generateSync({ secret }));
    await page.locator('main button.button--primary[type=submit]').click();
    await page.waitForLoadState('load');
  }
  // The recovery codes page answers the set-up form: go on from there.
  await page.goto('/en/account');
  if (page.url().includes('/login')) throw new Error(`${account} could not sign in`);
  await page.close();
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => (LOCALES as readonly string[]).includes(a)) as Locale[];
  const locales = wanted.length ? wanted : [...LOCALES];
  const h = await startHarness();
  runJobs = () => h.app.deps.jobs.runDue();
  try {
    const contexts = new Map<Account, BrowserContext>();
    for (const account of ['anon', 'coordinator.ury', 'secretariat'] as Account[]) {
      const context = await h.newContext({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 });
      await signIn(context, account);
      contexts.set(account, context);
    }
    for (const locale of locales) {
      fs.mkdirSync(path.join(helpImagesDir, locale), { recursive: true });
      const pages = new Map<Account, Page>();
      for (const shot of SHOTS) {
        let page = pages.get(shot.account);
        if (!page) {
          page = await contexts.get(shot.account)!.newPage();
          pages.set(shot.account, page);
        }
        await shot.go(page, locale);
        const file = path.join(helpImagesDir, locale, `${shot.name}.png`);
        fs.writeFileSync(file, toPalettePng(await page.screenshot({ animations: 'disabled' })));
        console.log(`${locale}/${shot.name}.png  ${Math.round(fs.statSync(file).size / 1024)} KB`);
        await shot.after?.(page);
      }
      for (const page of pages.values()) await page.close();
    }
  } finally {
    await h.close();
  }
}

await main();
