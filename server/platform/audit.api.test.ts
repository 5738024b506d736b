import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers';
import { appendAudit, verifyAuditChain } from './audit';

describe('audit log', () => {
  let t: TestApp;
  let tenantId: string;
  beforeAll(async () => {
    t = await createTestApp();
    tenantId = (await t.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t.close());

  it('chains entries written concurrently, in commit order, without gaps', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(t.db, {
      tenantId, actorId: null, action: 'test.write', targetType: 'thing', targetId: String(i), data: { i, nested: { b: 1, a: [1, 'x'] } },
    })));
    const v = await verifyAuditChain(t.db, tenantId);
    expect(v).toMatchObject({ ok: true, brokenAt: null });
    expect(v.entries).toBeGreaterThanOrEqual(40);
  });

  it('refuses updates and deletes', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('detects an entry edited behind the trigger', async () => {
    const before = await verifyAuditChain(t.db, tenantId);
    expect(before.ok).toBe(true);
    // Someone with the table owner's rights disables the trigger and rewrites one entry's content.
    await t.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
      await sql`UPDATE audit_log SET target_id = 'rewritten' WHERE chain_id = ${tenantId} AND seq = 3`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
    });
    expect(await verifyAuditChain(t.db, tenantId)).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'hash' } });
  });
});
