import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { createApiToken } from './service.ts';

describe('accounts API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('GET /api/v1/me answers for the token owner, 401 without credentials', async () => {
    const inst = await makeInstitution(t.db, { country_iso3: 'URY', name: 'MTSS' });
    const user = await makeUser(t.db, {
      role: 'editor',
      country_iso3: 'URY',
      institution_id: inst.id,
      locale: 'es',
      name: 'Martín',
    });
    const token = await createApiToken(t.app.deps, user.id, 'test');
    expect(token.startsWith('sml_')).toBe(true);
    const res = await t.app.inject({ url: '/api/v1/me', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: user.id,
      email: user.email,
      name: 'Martín',
      role: 'editor',
      country: 'URY',
      institution: { id: inst.id, name: 'MTSS' },
      locale: 'es',
      timezone: 'UTC',
      twoFactor: false,
    });
    const anonymous = await t.app.inject({ url: '/api/v1/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().status).toBe(401);
  });

  it('creates, lists and revokes tokens; a revoked token gets 401', async () => {
    const user = await makeUser(t.db);
    const first = await createApiToken(t.app.deps, user.id, 'first');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: bearer(first),
      payload: { name: 'Nightly import' },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.token).toMatch(/^sml_/);
    expect(body.prefix).toBe(body.token.slice(0, 10));
    const stored = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(body.token);

    const list = await t.app.inject({ url: '/api/v1/me/tokens', headers: bearer(body.token) });
    expect(
      list
        .json()
        .tokens.map((x: { name: string }) => x.name)
        .sort(),
    ).toEqual(['Nightly import', 'first']);
    expect(JSON.stringify(list.json())).not.toContain(body.token);

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${body.id}`,
      headers: bearer(first),
    });
    expect(revoke.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: bearer(body.token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('The API token is not valid or has been revoked');

    // Someone else's token is not found.
    const other = await makeUser(t.db);
    const otherToken = await createApiToken(t.app.deps, other.id, 'other');
    const otherId = (
      await t.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', other.id)
        .executeTakeFirstOrThrow()
    ).id;
    const steal = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${otherId}`,
      headers: bearer(first),
    });
    expect(steal.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(otherToken) })).statusCode).toBe(200);
  });

  it('a token acts with exactly its user rights', async () => {
    const editor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const editorToken = await createApiToken(t.app.deps, editor.id, 'e');
    const coordinatorToken = await createApiToken(t.app.deps, coordinator.id, 'c');
    expect(
      (await t.app.inject({ url: '/api/v1/countries/URY/users', headers: bearer(editorToken) })).statusCode,
    ).toBe(404);
    const list = await t.app.inject({
      url: '/api/v1/countries/URY/users',
      headers: bearer(coordinatorToken),
    });
    expect(list.statusCode).toBe(200);
    const emails = list.json().users.map((u: { email: string }) => u.email);
    expect(emails).toContain(editor.email);
    expect(emails).toContain(coordinator.email);
    expect(
      (await t.app.inject({ url: '/api/v1/countries/CHL/users', headers: bearer(coordinatorToken) }))
        .statusCode,
    ).toBe(404);

    // The editor cannot disable; the coordinator can, and the editor's token then stops working.
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${coordinator.id}/disable`,
      headers: bearer(editorToken),
    });
    expect(denied.statusCode).toBe(403);
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${editor.id}/disable`,
      headers: bearer(coordinatorToken),
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(editorToken) })).statusCode).toBe(401);
    const restoreDenied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${editor.id}/restore`,
      headers: bearer(coordinatorToken),
    });
    expect(restoreDenied.statusCode).toBe(403);
  });

  it('invites through the API with field errors as JSON', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const inst = await makeInstitution(t.db, { country_iso3: 'URY' });
    const token = await createApiToken(t.app.deps, coordinator.id, 'c');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/URY/invitations',
      headers: bearer(token),
      payload: { name: 'Sin Institución', email: 'not-an-email', role: 'editor' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'institutionId']);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/ury/invitations',
      headers: bearer(token),
      payload: {
        name: 'Nueva Editora',
        email: 'nueva@example.uy',
        role: 'editor',
        institutionId: inst.id,
        locale: 'es',
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      email: 'nueva@example.uy',
      status: 'invited',
      country: 'URY',
      locale: 'es',
    });
    const mail = await t.db
      .selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', 'nueva@example.uy')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Su invitación a SISMEL');
    expect(mail.text_body).toMatch(/\/es\/invitation\/[A-Za-z0-9_-]{20,}/);
    const coordinatorRole = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/URY/invitations',
      headers: bearer(token),
      payload: { name: 'Otro', email: 'otro@example.uy', role: 'coordinator' },
    });
    expect(coordinatorRole.statusCode).toBe(403);
  });

  it('with a session cookie, a write needs the x-csrf-token header', async () => {
    const user = await makeUser(t.db);
    const login = await loginAs(t, user);
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie: login.cookie },
      payload: { name: 'x' },
    });
    expect(without.statusCode).toBe(403);
    const withHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: login.headers,
      payload: { name: 'x' },
    });
    expect(withHeader.statusCode).toBe(201);
  });

  it('documents its routes in the OpenAPI document under the accounts tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/me',
      '/api/v1/me/tokens',
      '/api/v1/me/tokens/{id}',
      '/api/v1/countries/{iso3}/users',
      '/api/v1/countries/{iso3}/invitations',
      '/api/v1/users/{id}/disable',
      '/api/v1/users/{id}/restore',
    ]) {
      const ops = Object.values(doc.paths[path] ?? {}) as { tags?: string[] }[];
      expect(ops.length, path).toBeGreaterThan(0);
      expect(ops.every((o) => o.tags?.includes('accounts'))).toBe(true);
    }
  });
});
