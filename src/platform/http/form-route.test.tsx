import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, form, loginAs, type TestDatabase } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { type Config, loadConfig } from '../../config.ts';
import { ErrorSummary, Form } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { FieldErrors } from './errors.ts';
import { formRoute } from './form-route.ts';
import { redirectLocal } from './render.tsx';

/** A form whose values are read asynchronously, as a multipart upload is. */
function registerProbe(app: FastifyInstance, saved: string[]) {
  formRoute(app, {
    url: '/:locale/form-route-probe',
    load: (request) => request.actor ?? null,
    async read(request) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const name = (request.body as Record<string, unknown> | undefined)?.name;
      return { name: typeof name === 'string' ? name.trim() : '' };
    },
    page: (_request, _actor, failed) => (
      <Layout title="Probe" hasErrors={!!failed}>
        <ErrorSummary errors={failed?.errors} />
        <Form action="/form-route-probe">
          <input id="f-name" name="name" value={failed?.values.name ?? ''} />
        </Form>
      </Layout>
    ),
    async submit(_actor, values) {
      const errors = new FieldErrors();
      if (values.name.length < 3) errors.add('name', 'error.validation');
      errors.throwIfAny();
      saved.push(values.name);
      return saved.length;
    },
    done: (request, reply, n) => redirectLocal(request, reply, `/form-route-probe?saved=${n}`),
  });
}

describe('formRoute', () => {
  let db: TestDatabase;
  let config: Config;
  let app: FastifyInstance;
  const saved: string[] = [];
  let headers: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'x'.repeat(40),
      SEED_DEMO: 'false',
      RUN_JOBS: 'false',
    });
    app = await buildApp({ config, handle: db.handle, logger: false });
    registerProbe(app, saved);
    await app.ready();
    const user = await makeUser(db.db, { role: 'reader' });
    headers = (await loginAs({ ...db, config }, user)).headers;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('shows the form again with the error summary and 422 when values read asynchronously are wrong', async () => {
    const body = form({ name: ' ab ' });
    const res = await app.inject({
      method: 'POST',
      url: '/en/form-route-probe',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('href="#f-name"');
    expect(res.body).toContain('value="ab"');
    expect(saved).toEqual([]);
  });

  it('runs the change with values read asynchronously and redirects', async () => {
    const body = form({ name: 'Ana' });
    const res = await app.inject({
      method: 'POST',
      url: '/en/form-route-probe',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/form-route-probe?saved=1');
    expect(saved).toEqual(['Ana']);
  });
});
