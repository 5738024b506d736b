import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Db } from '../db/client';
import { appendAudit } from '../platform/audit';
import { judgePassword } from '../platform/password-policy';
import { hashPassword } from '../platform/passwords';
import { projectRoot } from '../platform/paths';
import { holidayFiles } from '../seed';

// Operator commands for a production installation: the reference data every installation needs (unit
// levels, the national holiday calendar) and the first administrator — never the demo province and its
// published passwords.

const REFERENCE = path.join(projectRoot(), 'data', 'reference');

/** Loads the unit levels and the national holiday calendar (idempotent). */
export async function seedReference(db: Db): Promise<void> {
  const levels = JSON.parse(fs.readFileSync(path.join(REFERENCE, 'unit-levels.json'), 'utf8')) as { code: string; name: string; nameEn: string; rank: number }[];
  await db.transaction().execute(async (trx) => {
    for (const l of levels) {
      await trx.insertInto('unit_levels').values({ code: l.code, name: l.name, name_en: l.nameEn, rank: l.rank })
        .onConflict((oc) => oc.column('code').doNothing()).execute();
    }
    for (const year of holidayFiles()) {
      for (const d of year.days) {
        await trx.insertInto('calendar_days').values({ day: d.date, kind: d.kind, name: d.name, mark: d.mark ?? null })
          .onConflict((oc) => oc.column('day').doNothing()).execute();
      }
    }
  });
}

export interface CreateAdminInput {
  username: string; fullName: string; email: string | null; password: string;
  /** Needed when the database has no tenant yet. */
  tenant: { code: string; name: string } | null;
  /** The unit the admin belongs to: created with the tenant; otherwise an existing unit's code (default: the top unit). */
  unit: { code: string; name: string; agencyCode: string } | null;
}

/** Thrown for input an operator must correct. */
export class OperatorInputError extends Error {}

/** Creates an administrator (and on an empty database the tenant with its top unit), in one transaction, audited. */
export async function createAdmin(db: Db, input: CreateAdminInput) {
  if (!/^[a-zA-Z0-9._-]{3,50}$/.test(input.username)) throw new OperatorInputError('username: 3–50 letters, digits, dot, dash or underscore');
  if (input.fullName.trim().length < 2) throw new OperatorInputError('full name is required');
  if ([...input.password].length < 12) throw new OperatorInputError('an administrator password needs at least 12 characters');
  const verdict = judgePassword(input.password, { username: input.username, fullName: input.fullName });
  if (verdict) throw new OperatorInputError(`password refused (${verdict.code}): ${verdict.detail}`);
  await seedReference(db);
  const hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase())).executeTakeFirst()) {
      throw new OperatorInputError(`username ${input.username} is taken`);
    }
    let tenant = await trx.selectFrom('tenants').select(['id', 'name']).orderBy('created_at').executeTakeFirst();
    let createdTenant = false;
    let unit: { id: string; name: string } | undefined;
    if (!tenant) {
      if (!input.tenant?.code || !input.tenant.name || !input.unit?.code || !input.unit.name || !input.unit.agencyCode) {
        throw new OperatorInputError('the database is empty: give --tenant-code, --tenant-name, --unit-code, --unit-name and --agency-code');
      }
      tenant = await trx.insertInto('tenants').values({ code: input.tenant.code, name: input.tenant.name }).returning(['id', 'name']).executeTakeFirstOrThrow();
      if (!/^[A-Z][0-9]{2}(\.[0-9A-Z]+)*$/.test(input.unit.agencyCode)) {
        throw new OperatorInputError('agency code: the unit\'s e-ID code per Decision 20/2020/QĐ-TTg, e.g. H45 or H45.01');
      }
      unit = await trx.insertInto('units').values({
        tenant_id: tenant.id, parent_id: null, code: input.unit.code, agency_code: input.unit.agencyCode, name: input.unit.name,
        level_code: 'province', address: null, phone: null, effective_from: null, effective_to: null,
      }).returning(['id', 'name']).executeTakeFirstOrThrow();
      createdTenant = true;
    } else {
      unit = await trx.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenant.id)
        .$if(!!input.unit?.code, (qb) => qb.where('code', '=', input.unit!.code))
        .$if(!input.unit?.code, (qb) => qb.where('parent_id', 'is', null))
        .orderBy('code').executeTakeFirst();
      if (!unit) throw new OperatorInputError(input.unit?.code ? `no unit with code ${input.unit.code}` : 'the tenant has no top unit');
    }
    const user = await trx.insertInto('users').values({
      tenant_id: tenant.id, username: input.username, password_hash: hash, full_name: input.fullName.trim(), kind: 'officer',
      email: input.email, phone: null, id_number: null, tax_code: null, birth_date: null, address: null,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('user_roles').values({ tenant_id: tenant.id, user_id: user.id, role: 'admin', unit_id: unit.id }).execute();
    await appendAudit(trx, {
      tenantId: tenant.id, actorId: null, actorName: `motcua create-admin (${os.userInfo().username})`, action: 'user.create_admin',
      targetType: 'user', targetId: user.id, data: { username: input.username, unitId: unit.id, createdTenant },
    });
    return { userId: user.id, username: input.username, unitName: unit.name, tenantName: tenant.name, createdTenant };
  });
}

/** Reads a password: asked twice without echo on a terminal, or one line from standard input. */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line.replace(/\r$/, '');
    }
    throw new OperatorInputError('no password on standard input');
  }
  const ask = (text: string) => new Promise<string>((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    out._writeToOutput = (s: string) => { if (s === text || s.endsWith('\n') || s.endsWith('\r\n')) out.output.write(s); };
    rl.question(text, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
  const first = await ask(prompt);
  const second = await ask('Nhập lại / again: ');
  if (first !== second) throw new OperatorInputError('the two passwords differ');
  return first;
}
