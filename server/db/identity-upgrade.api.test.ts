import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureDatabase, withDatabase } from './embedded';
import { createDb, migrateTo, migrateToLatest, type Db } from './client';
import { secretBox } from '../platform/secrets';
import { seedIfEmpty } from '../seed';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createCalendarProvider } from '../modules/calendar/provider';
import { hashPassword } from '../platform/passwords';
import { localStorage } from '../platform/storage';
import { login } from '../../test/helpers';

// Upgrading a database where the desk linked walk-ins through self-declared ID numbers, two accounts
// declaring the same number: migration 0011 undoes the links, keeps every account working, and the
// holder's verification at the desk links the walk-in back.

let db: Db | undefined;
afterAll(async () => { await db?.destroy(); });

describe('upgrade to verified identities', () => {
  it('unlinks what unverified numbers linked, keeps duplicates and accounts working, and verification links again', async () => {
    const name = `motcua_t_idup_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(inject('pgBaseUrl'), name);
    db = createDb(withDatabase(inject('pgBaseUrl'), name));
    await migrateTo(db, '2026_12_07_0009_audit');
    await seedIfEmpty(db, secretBox(Buffer.from(inject('secretKey'), 'hex')));

    const NUMBER = '044095001234'; // congdan's, declared again by someone else
    const ward = await db.selectFrom('units').select(['id', 'tenant_id']).where('code', '=', 'P-DONGHOI').executeTakeFirstOrThrow();
    const proc = await db.selectFrom('procedures').select('id').where('code', '=', '2.000815').executeTakeFirstOrThrow();
    const wf = await db.selectFrom('workflows').select('id').where('procedure_id', '=', proc.id).where('unit_id', '=', ward.id).executeTakeFirstOrThrow();
    const holder = await db.selectFrom('users').select('id').where('username', '=', 'congdan').executeTakeFirstOrThrow();
    const squatter = (await sql<{ id: string }>`INSERT INTO users (tenant_id, username, password_hash, full_name, kind, id_number)
      VALUES (${ward.tenant_id}, 'ke.gian', ${await hashPassword('MatKhau@2026')}, 'Nguyễn Văn An', 'citizen', ${NUMBER}) RETURNING id`.execute(db)).rows[0]!;
    await sql`INSERT INTO user_roles (tenant_id, user_id, role) VALUES (${ward.tenant_id}, ${squatter.id}, 'citizen')`.execute(db);
    // The old desk linked the walk-in record to the squatter (the first account with that number).
    const person = (await sql<{ id: string }>`INSERT INTO people (tenant_id, id_type, id_number, full_name, user_id)
      VALUES (${ward.tenant_id}, 'personal', ${NUMBER}, 'Nguyễn Văn An', ${squatter.id}) RETURNING id`.execute(db)).rows[0]!;
    const dossier = async (code: string, channel: string, applicantId: string, personId: string | null) => (await sql<{ id: string }>`
      INSERT INTO dossiers (tenant_id, code, procedure_id, procedure_version, workflow_id, unit_id, receiving_unit_id, applicant_id, person_id,
        applicant, form_data, channel, status, version)
      VALUES (${ward.tenant_id}, ${code}, ${proc.id}, 1, ${wf.id}, ${ward.id}, ${ward.id}, ${applicantId}, ${personId},
        ${JSON.stringify({ fullName: 'Nguyễn Văn An', idNumber: NUMBER, taxCode: null, phone: null, email: null, address: null, birthDate: null })}::jsonb,
        '{}'::jsonb, ${channel}, 'submitted', 1) RETURNING id`.execute(db!)).rows[0]!.id;
    const walkIn = await dossier('UP-WALKIN', 'direct', squatter.id, person.id);
    const online = await dossier('UP-ONLINE', 'online', holder.id, null);
    const stored = async (owner: { user?: string; person?: string }, sha: string, source: string) => (await sql<{ id: string }>`
      INSERT INTO stored_documents (tenant_id, user_id, person_id, name, content_type, size, sha256, storage_key, source_dossier_id)
      VALUES (${ward.tenant_id}, ${owner.user ?? null}, ${owner.person ?? null}, ${`doc-${sha}`}, 'application/pdf', 10, ${sha}, ${`k/${sha}`}, ${source})
      RETURNING id`.execute(db!)).rows[0]!.id;
    const scanned = await stored({ user: squatter.id }, 'a1', walkIn); // filed in the squatter's store
    const twice = await stored({ user: squatter.id }, 'b2', walkIn); // …which the person also holds already
    await stored({ person: person.id }, 'b2', walkIn);
    const own = await stored({ user: holder.id }, 'c3', online);

    const applied = await migrateToLatest(db);
    expect(applied).toContain('2026_12_07_0011_identity');

    expect((await db.selectFrom('people').select('user_id').where('id', '=', person.id).executeTakeFirstOrThrow()).user_id).toBeNull();
    const ds = await db.selectFrom('dossiers').select(['id', 'applicant_id']).where('id', 'in', [walkIn, online]).execute();
    expect(Object.fromEntries(ds.map((d) => [d.id, d.applicant_id]))).toEqual({ [walkIn]: null, [online]: holder.id });
    const docs = await db.selectFrom('stored_documents').select(['id', 'user_id', 'person_id']).orderBy('sha256').execute();
    expect(docs).toEqual([
      { id: scanned, user_id: null, person_id: person.id },
      expect.objectContaining({ user_id: null, person_id: person.id }),
      { id: own, user_id: holder.id, person_id: null },
    ]);
    expect(docs.some((d) => d.id === twice)).toBe(false);
    // Both declarations are kept; neither is verified.
    const declared = await db.selectFrom('users').select(['username', 'id_number', 'id_verified_at']).where('id_number', '=', NUMBER).orderBy('username').execute();
    expect(declared).toEqual([{ username: 'congdan', id_number: NUMBER, id_verified_at: null }, { username: 'ke.gian', id_number: NUMBER, id_verified_at: null }]);

    const app = await buildApp({
      config: loadConfig({ WEB_DIR: '/nonexistent', LOGIN_RATE_LIMIT: '1000', SECRET_KEY: randomBytes(32).toString('hex') }), db,
      storage: localStorage('/tmp/motcua-upgrade-files'), calendar: await createCalendarProvider(db), now: Date.now,
    }, { logger: false });
    try {
      const [citizen, intruder, desk] = await Promise.all([login(app, 'congdan'), login(app, 'ke.gian', 'MatKhau@2026'), login(app, 'motcua.donghoi')]);
      expect((await intruder.get('/api/v1/my/dossiers')).json().items).toEqual([]);
      expect((await intruder.get(`/api/v1/dossiers/${walkIn}`)).statusCode).toBe(404);
      expect((await intruder.get('/api/v1/my/documents')).json().items).toEqual([]);
      expect((await citizen.get('/api/v1/my/dossiers')).json().items.map((i: { id: string }) => i.id)).toEqual([online]);

      // The holder verifies at the desk: the walk-in and its documents come back to the holder only.
      const { code } = (await citizen.post('/api/v1/my/identity/desk-code')).json();
      const v = await desk.post('/api/v1/desk/identity/verify', { code, idNumber: NUMBER, birthDate: '1995-03-12' });
      expect(v.statusCode, v.body).toBe(200);
      expect(v.json().linkedDossiers).toBe(1);
      expect((await citizen.get('/api/v1/my/dossiers')).json().items.map((i: { id: string }) => i.id).sort()).toEqual([online, walkIn].sort());
      expect((await citizen.get('/api/v1/my/documents')).json().items.map((x: { name: string }) => x.name).sort()).toEqual(['doc-a1', 'doc-b2', 'doc-c3']);
      expect((await intruder.get('/api/v1/my/dossiers')).json().items).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
