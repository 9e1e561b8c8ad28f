import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/demo.ts';
import { SYSTEM_ACTOR } from '../../src/platform/auth/actor.ts';
import { addGroupMember, createStudyGroup } from '../../src/features/study-groups/service.ts';
import { type Harness, startHarness } from './harness.ts';

async function signIn(page: Page, email: string) {
  await page.goto('/es/login');
  await page.fill('#f-email', email);
  await page.fill('#f-password', DEMO_PASSWORD);
  await page.click('main button[type="submit"]');
  await page.waitForLoadState('load');
}

describe('distance meetings in Chromium', () => {
  let h: Harness;
  let groupId: number;
  let moderatorEmail: string;
  let memberEmail: string;

  beforeAll(async () => {
    h = await startHarness();
    const db = h.handle.db;
    // The demo's study group, moderated by a national coordinator or editor, with a member
    // from another country; made here if the demo has none.
    const group = await db
      .selectFrom('study_groups as g')
      .innerJoin('users as mod', 'mod.id', 'g.moderator_id')
      .innerJoin('study_group_members as m', 'm.group_id', 'g.id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['g.id', 'mod.email as moderator', 'u.email as member'])
      .where('g.status', '=', 'active')
      .where('g.deleted_at', 'is', null)
      .where('m.status', '=', 'member')
      .where('mod.role', 'in', ['coordinator', 'editor'])
      .where('u.role', 'in', ['coordinator', 'editor'])
      .whereRef('u.id', '!=', 'mod.id')
      .where('u.email', 'like', '%@sismel.example')
      .where('mod.email', 'like', '%@sismel.example')
      .orderBy('g.id')
      .executeTakeFirst();
    if (group) {
      groupId = group.id;
      moderatorEmail = group.moderator;
      memberEmail = group.member;
    } else {
      const user = (email: string) =>
        db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      moderatorEmail = 'coordinator.ury@sismel.example';
      memberEmail = 'editor.chl@sismel.example';
      const moderator = await user(moderatorEmail);
      const member = await user(memberEmail);
      groupId = await db.transaction().execute(async (trx) => {
        const id = await createStudyGroup(trx, SYSTEM_ACTOR, {
          title: 'Estadísticas de empleo informal',
          description: 'Cómo mide cada país el empleo informal.',
          origLocale: 'es',
          themeId: null,
          proposalId: null,
          moderatorId: moderator.id,
        });
        await addGroupMember(trx, SYSTEM_ACTOR, id, member.id);
        return id;
      });
    }
  });
  afterAll(() => h?.close());

  it('the moderator schedules a meeting; two browsers in the live room see each other’s messages and presence', async () => {
    const modContext = await h.newContext();
    const mod = await modContext.newPage();
    await signIn(mod, moderatorEmail);
    await mod.goto(`/es/study-groups/${groupId}`);
    await mod.click('a:has-text("Programar una reunión")');
    await mod.fill('#f-title', 'Comparación de cuestionarios');
    await mod.fill('#f-agenda', '1. Cuestionarios\n2. Definiciones comunes');
    // Tomorrow at 10:00 in Montevideo.
    const tomorrow = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
    await mod.fill('#f-start', `${tomorrow}T10:00`);
    await mod.selectOption('#f-timezone', 'America/Montevideo');
    await mod.fill('#f-duration', '60');
    await mod.fill('#f-capacity', '10');
    await h.screenshot(mod, 'meeting-schedule-es');
    await mod.click('main form button[type="submit"]:has-text("Programar la reunión")');
    await mod.waitForURL(/\/es\/meetings\/\d+\?done=scheduled/);
    const meetingUrl = new URL(mod.url());
    const meetingPath = meetingUrl.pathname;
    expect(await mod.textContent('main')).toContain('Comparación de cuestionarios');
    expect(await mod.textContent('main')).toContain('(America/Montevideo)');

    // The member registers and opens the live room.
    const memberContext = await h.newContext();
    const member = await memberContext.newPage();
    await signIn(member, memberEmail);
    await member.goto(meetingPath);
    await member.click('main button:has-text("Inscribirme")');
    await member.waitForURL(/done=registered/);
    expect(await member.textContent('main')).toContain('Inscrito');
    expect(await member.getAttribute('a:has-text("Unirse a la videollamada")', 'href')).toMatch(
      /^https:\/\/meet\.jit\.si\/sismel-[a-z2-7]{26}$/,
    );
    await member.click('a:has-text("Abrir la sala de reunión en vivo")');
    await member.waitForURL(/\/live$/);
    await member.waitForSelector('[data-live-status]:has-text("Conectado")');

    await mod.goto(`${meetingPath}/live`);
    await mod.waitForSelector('[data-live-status]:has-text("Conectado")');
    const memberName = await mod.locator('[data-presence] li').allTextContents();
    expect(memberName.length).toBe(2);
    // The member sees the moderator arrive, without reloading.
    await member.waitForFunction(() => document.querySelectorAll('[data-presence] li').length === 2);

    await mod.fill('#f-body', 'Buenos días, ¿me escuchan?');
    await mod.click('form[data-chat-form] button[type="submit"]');
    await member.waitForSelector('.chat-message:has-text("Buenos días, ¿me escuchan?")');
    await member.fill('#f-body', 'Sí, perfecto desde Santiago.');
    await member.press('#f-body', 'Enter');
    await mod.waitForSelector('.chat-message:has-text("Sí, perfecto desde Santiago.")');
    // Each message once, in order.
    expect(await member.locator('.chat-message').count()).toBe(2);
    await h.screenshot(member, 'meeting-live-es');

    // The member leaves: the moderator sees them go.
    await memberContext.close();
    await mod.waitForFunction(() => document.querySelectorAll('[data-presence] li').length === 1);

    // Without JavaScript the conversation is there and the form still posts.
    const plainContext = await h.newContext({ javaScriptEnabled: false });
    const plain = await plainContext.newPage();
    await signIn(plain, moderatorEmail);
    await plain.goto(`${meetingPath}/live`);
    expect(await plain.textContent('.chat-log')).toContain('Sí, perfecto desde Santiago.');
    await plain.fill('#f-body', 'Mensaje sin JavaScript');
    await plain.click('form[data-chat-form] button[type="submit"]');
    await plain.waitForLoadState('load');
    expect(await plain.textContent('.chat-log')).toContain('Mensaje sin JavaScript');
    // The open room received it live.
    await mod.waitForSelector('.chat-message:has-text("Mensaje sin JavaScript")');
    await plainContext.close();
    await modContext.close();
  });

  it('the moderator deletes a meeting without JavaScript, through the page that asks first', async () => {
    const context = await h.newContext({ javaScriptEnabled: false });
    const mod = await context.newPage();
    await signIn(mod, moderatorEmail);
    await mod.goto(`/es/study-groups/${groupId}/meetings/new`);
    await mod.fill('#f-title', 'Reunión programada por error');
    const nextWeek = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
    await mod.fill('#f-start', `${nextWeek}T10:00`);
    await mod.selectOption('#f-timezone', 'America/Montevideo');
    await mod.click('main form button[type="submit"]:has-text("Programar la reunión")');
    await mod.waitForURL(/\/es\/meetings\/\d+\?done=scheduled/);
    const meetingPath = new URL(mod.url()).pathname;

    await mod.click('main a:has-text("Eliminar la reunión")');
    await mod.waitForURL(new RegExp(`${meetingPath}/delete$`));
    expect(await mod.textContent('h1')).toBe('¿Eliminar esta reunión?');
    expect(await mod.textContent('main')).toContain('Reunión programada por error');
    await h.screenshot(mod, 'meeting-delete-es');
    await mod.click('main button:has-text("Sí, eliminar la reunión")');
    await mod.waitForURL(/\/es\/meetings\?done=deleted$/);
    expect(await mod.textContent('main')).toContain('La reunión ha sido eliminada');
    expect(await mod.textContent('main')).not.toContain('Reunión programada por error');
    const gone = await mod.goto(meetingPath);
    expect(gone?.status()).toBe(404);
    await context.close();
  });
});
