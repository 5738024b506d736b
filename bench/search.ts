import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb, migrateToLatest } from '../server/db/client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '../server/db/embedded';
import { localStorage } from '../server/platform/storage';
import { createCalendarProvider } from '../server/modules/calendar/provider';
import { seedIfEmpty } from '../server/seed';
import { secretBox } from '../server/platform/secrets';
import { freePort } from '../test/global-setup';

// Catalog search under load: the demo catalog plus synthetic procedures up to 10,000, searched by 50
// concurrent clients (a separate process) with queries typed as citizens type them (no diacritics,
// typos, codes). Goal: p95 ≤ 30 ms.

const SUBJECTS = ['khai sinh', 'kết hôn', 'khai tử', 'thường trú', 'tạm trú', 'hộ kinh doanh', 'giấy phép xây dựng', 'quyền sử dụng đất',
  'giấy phép lao động', 'phiếu lý lịch tư pháp', 'trợ cấp xã hội', 'chứng chỉ hành nghề', 'giấy phép lái xe', 'nhà ở', 'tàu cá',
  'hóa chất', 'dược phẩm', 'trường mầm non', 'karaoke', 'quảng cáo', 'di tích', 'rừng trồng', 'nước sạch', 'điện lực', 'xe ô tô'];
const VERBS = ['Cấp', 'Cấp lại', 'Cấp đổi', 'Điều chỉnh', 'Gia hạn', 'Thu hồi', 'Đăng ký', 'Xác nhận', 'Thẩm định', 'Công nhận', 'Chấm dứt'];

export async function benchSearch(opts: { total?: number; concurrency?: number; seconds?: number; cacheSeconds?: number } = {}) {
  const total = opts.total ?? 10_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'motcua-test', ephemeral: true, fast: true });
  await ensureDatabase(pg.baseUrl, 'bench');
  const db = createDb(withDatabase(pg.baseUrl, 'bench'), 20);
  try {
    await migrateToLatest(db);
    await seedIfEmpty(db, secretBox(randomBytes(32)));
    const have = Number((await db.selectFrom('procedures').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await sql`
      INSERT INTO procedures (tenant_id, code, name, field_id, level_code, processing_amount, processing_unit, processing_text,
        online_level, form_schema, published)
      SELECT p.tenant_id, '7.' || lpad(g::text, 6, '0'),
             (${sql.val(VERBS)}::text[])[1 + g % ${VERBS.length}] || ' ' || (${sql.val(SUBJECTS)}::text[])[1 + (g / ${VERBS.length}) % ${SUBJECTS.length}] || ' loại ' || g,
             p.field_id, p.level_code, 5, 'day', '05 ngày làm việc', 'partial', '{"type":"object","properties":{}}', true
      FROM generate_series(1, ${total - have}) g, (SELECT tenant_id, field_id, level_code FROM procedures LIMIT 1) p`.execute(db);
    await sql`ANALYZE procedures`.execute(db);
    const app = await buildApp({
      config: loadConfig({ WEB_DIR: '/nonexistent', SEARCH_CACHE_SECONDS: String(opts.cacheSeconds ?? 30) }), db, storage: localStorage(path.join(dir, 'files')),
      calendar: await createCalendarProvider(db), now: Date.now,
    }, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'search-client.ts'), base, String(opts.concurrency ?? 50), String(opts.seconds ?? 10)]);
      let stdout = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => process.stderr.write(d));
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`load client exited ${code}`))));
    });
    await app.close();
    return { procedures: total, concurrency: opts.concurrency ?? 50, cacheSeconds: opts.cacheSeconds ?? 30, ...(JSON.parse(out) as { requests: number; errors: number; rps: number; p50: number; p95: number; p99: number }) };
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
