import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContentDemo } from './demo.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';

describe('home page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedContentDemo(t.db);
  });
  afterAll(() => t.close());

  it('redirects / by Accept-Language', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.5' } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/pt');
  });

  it.each([
    ['en', 'Labour market information for the Americas', 'Labour inspection'],
    ['es', 'Información del mercado laboral de las Américas', 'Inspección del trabajo'],
    ['fr', "L'information sur le marché du travail des Amériques", 'Inspection du travail'],
    ['pt', 'Informação sobre o mercado de trabalho das Américas', 'Inspeção do trabalho'],
  ])('is in %s with the priority themes and the Plan of Action', async (locale, heading, theme) => {
    const res = await t.app.inject({ url: `/${locale}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<html lang="${locale}">`);
    expect(res.body).toContain(heading);
    expect(res.body).toContain(theme);
    expect(res.body).toContain('hreflang="es"');
  });

  it('is cacheable for anonymous visitors and answers 304 to a matching ETag', async () => {
    const first = await t.app.inject({ url: '/en' });
    expect(first.headers['cache-control']).toMatch(/public/);
    const etag = first.headers.etag as string;
    const second = await t.app.inject({ url: '/en', headers: { 'if-none-match': etag } });
    expect(second.statusCode).toBe(304);
  });

  it('sends a strict Content-Security-Policy without inline scripts', async () => {
    const res = await t.app.inject({ url: '/en' });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('answers an unknown page with a 404 in the reader language', async () => {
    const res = await t.app.inject({ url: '/es/no-such-page' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Página no encontrada');
  });
});
