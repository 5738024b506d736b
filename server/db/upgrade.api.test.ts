import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureDatabase, withDatabase } from './embedded';
import { createDb, migrateTo, migrateToLatest, type Db } from './client';
import { seedIfEmpty } from '../seed';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createCalendarProvider } from '../modules/calendar/provider';
import { localStorage } from '../platform/storage';
import { secretBox } from '../platform/secrets';
import { login } from '../../test/helpers';
import { fromSteps, type LegacyStep } from '../../common/workflow';

// Upgrading a database that has dossiers in flight on the skeleton's ordered-list workflows: migration
// 0008 turns the definitions into graphs and opens the tasks those dossiers wait on, and work goes on.

let db: Db | undefined;
afterAll(async () => { await db?.destroy(); });

describe('upgrade to graph workflows with dossiers in flight', () => {
  it('converts the definitions, opens the waiting tasks, and the dossiers go on', async () => {
    const name = `motcua_t_up_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(inject('pgBaseUrl'), name);
    db = createDb(withDatabase(inject('pgBaseUrl'), name));
    await migrateTo(db, '2026_11_23_0007_data_store');
    const key = randomBytes(32);
    await seedIfEmpty(db, secretBox(key));
    // As the skeleton stored them: an ordered list.
    const steps = [
      { key: 'thu_ly', name: 'Thụ lý', role: 'specialist', quotaHours: 8 },
      { key: 'phe_duyet', name: 'Phê duyệt', role: 'leader', quotaHours: 4 },
    ];
    const ward = await db.selectFrom('units').select(['id', 'tenant_id']).where('code', '=', 'P-DONGHOI').executeTakeFirstOrThrow();
    const proc = await db.selectFrom('procedures').select(['id']).where('code', '=', '1.001193').executeTakeFirstOrThrow();
    const wf = await db.selectFrom('workflows').select('id').where('procedure_id', '=', proc.id).where('unit_id', '=', ward.id).executeTakeFirstOrThrow();
    await sql`UPDATE workflows SET definition = ${JSON.stringify({ steps })}::jsonb WHERE procedure_id = ${proc.id}`.execute(db);
    await sql`UPDATE procedures SET default_workflow = ${JSON.stringify({ steps })}::jsonb WHERE id = ${proc.id}`.execute(db);
    const due = new Date('2026-12-01T10:00:00Z');
    const insert = async (code: string, status: string, extra: Record<string, unknown> = {}) => (await sql<{ id: string }>`
      INSERT INTO dossiers (tenant_id, code, procedure_id, procedure_version, workflow_id, unit_id, receiving_unit_id, applicant, form_data,
        channel, status, step_key, assignee_role, step_due_at, version)
      VALUES (${ward.tenant_id}, ${code}, ${proc.id}, 1, ${wf.id}, ${ward.id}, ${ward.id},
        ${JSON.stringify({ fullName: 'Nguyễn Văn An', idNumber: '044095001234', taxCode: null, phone: null, email: null, address: null, birthDate: null })}::jsonb, '{}'::jsonb, 'direct', ${status},
        ${extra.step_key ?? null}, ${extra.assignee_role ?? null}, ${extra.step_due_at ?? null}, 3)
      RETURNING id`.execute(db!)).rows[0]!.id;
    const waiting = await insert('UP-1', 'submitted');
    const processing = await insert('UP-2', 'in_progress', { step_key: 'thu_ly', assignee_role: 'specialist', step_due_at: due });
    const ready = await insert('UP-3', 'result_ready');
    const done = await insert('UP-4', 'returned');

    await migrateToLatest(db);

    const def = (await db.selectFrom('workflows').select('definition').where('id', '=', wf.id).executeTakeFirstOrThrow()).definition;
    expect(def).toMatchObject({ schema: 2, start: 'thu_ly' });
    expect(def.nodes.map((n) => n.key)).toEqual(['thu_ly', 'phe_duyet', 'ket_qua', 'tu_choi']);
    // The migration's own (frozen) copy of the conversion gives what the application's gives today.
    expect(def).toEqual(fromSteps(steps as LegacyStep[]));
    const procDef = (await db.selectFrom('procedures').select('default_workflow').where('id', '=', proc.id).executeTakeFirstOrThrow()).default_workflow;
    expect(procDef).toEqual(fromSteps(steps as LegacyStep[]));
    const tasks = await db.selectFrom('dossier_tasks').select(['dossier_id', 'kind', 'node_key', 'role', 'unit_id', 'due_at', 'status']).execute();
    const of = (id: string) => tasks.filter((t) => t.dossier_id === id);
    expect(of(waiting)).toEqual([expect.objectContaining({ kind: 'desk', role: 'desk', unit_id: ward.id, status: 'open' })]);
    expect(of(processing)).toEqual([expect.objectContaining({ kind: 'task', node_key: 'thu_ly', role: 'specialist', due_at: due })]);
    expect(of(ready)).toEqual([expect.objectContaining({ kind: 'desk', role: 'desk' })]);
    expect(of(done)).toEqual([]);

    // The in-flight dossier goes on with the new engine.
    const app = await buildApp({
      config: loadConfig({ WEB_DIR: '/nonexistent', LOGIN_RATE_LIMIT: '1000', SECRET_KEY: key.toString('hex') }), db,
      storage: localStorage('/tmp/motcua-upgrade-files'), calendar: await createCalendarProvider(db), now: Date.now,
    }, { logger: false });
    try {
      const specialist = await login(app, 'chuyenvien.donghoi');
      const res = await specialist.post(`/api/v1/dossiers/${processing}/actions/advance`, { version: 3 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'in_progress', step: { key: 'phe_duyet' } });
    } finally {
      await app.close();
    }
  });
});
