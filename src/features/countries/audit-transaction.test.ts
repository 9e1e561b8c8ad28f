import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import { createTestApp, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import type { Institution } from '../../db/schema.ts';

/**
 * The audit record and the change it records commit or roll back together. The audit module is
 * wrapped so that a test can make the step right after writing the record fail: nothing of the
 * change, and no audit row, may remain.
 */
const failure = vi.hoisted(() => ({ afterAudit: false }));
vi.mock('../../platform/audit/audit.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../platform/audit/audit.ts')>();
  return {
    ...original,
    audit: async (...args: Parameters<typeof original.audit>) => {
      await original.audit(...args);
      if (failure.afterAudit) throw new Error('simulated failure after the audit record');
    },
  };
});

describe('audit in the same transaction as the change', () => {
  let t: TestApp;
  let login: Login;
  let inst: Institution;

  beforeAll(async () => {
    t = await createTestApp();
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    login = await loginAs(t, coordinator);
    inst = await makeInstitution(t.db, {
      country_iso3: 'URY',
      name: 'Dirección Nacional de Trabajo',
      can_publish: 1,
    });
  });
  afterAll(() => t.close());

  const auditRows = () =>
    t.db.selectFrom('audit_log').selectAll().where('object_type', '=', 'institution').execute();

  it('leaves neither the edit nor an audit row when the change fails', async () => {
    failure.afterAudit = true;
    try {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${inst.id}`,
        headers: login.headers,
        payload: { name: 'Nombre que no debe quedar', canPublish: false },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json().error).toBe(
        'Sorry, something went wrong on our side. The problem has been recorded.',
      );
    } finally {
      failure.afterAudit = false;
    }
    const row = await t.db
      .selectFrom('institutions')
      .selectAll()
      .where('id', '=', inst.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual(inst);
    expect(await auditRows()).toEqual([]);
  });

  it('leaves no new institution and no audit row when a creation fails', async () => {
    failure.afterAudit = true;
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/URY/institutions',
        headers: login.headers,
        payload: { name: 'Institución fantasma' },
      });
      expect(res.statusCode).toBe(500);
    } finally {
      failure.afterAudit = false;
    }
    expect(
      await t.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', 'Institución fantasma')
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(await auditRows()).toEqual([]);
  });

  it('keeps both when the change succeeds', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/institutions/${inst.id}`,
      headers: login.headers,
      payload: { canPublish: false },
    });
    expect(res.statusCode).toBe(200);
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.after!).can_publish).toBe(0);
  });
});
