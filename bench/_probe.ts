import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { sql } from 'kysely';
import { createDb, migrateToLatest } from '../server/db/client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '../server/db/embedded';
import { seedIfEmpty } from '../server/seed';
import { secretBox } from '../server/platform/secrets';
import { randomBytes } from 'node:crypto';
import { searchProcedures } from '../server/modules/catalog/repo';
import { freePort } from '../test/global-setup';
const SUBJECTS = ['khai sinh', 'kết hôn', 'khai tử', 'thường trú', 'tạm trú', 'hộ kinh doanh', 'giấy phép xây dựng', 'quyền sử dụng đất', 'giấy phép lao động', 'phiếu lý lịch tư pháp', 'trợ cấp xã hội', 'chứng chỉ hành nghề', 'giấy phép lái xe', 'nhà ở', 'tàu cá', 'hóa chất', 'dược phẩm', 'trường mầm non', 'karaoke', 'quảng cáo', 'di tích', 'rừng trồng', 'nước sạch', 'điện lực', 'xe ô tô'];
const VERBS = ['Cấp', 'Cấp lại', 'Cấp đổi', 'Điều chỉnh', 'Gia hạn', 'Thu hồi', 'Đăng ký', 'Xác nhận', 'Thẩm định', 'Công nhận', 'Chấm dứt'];
async function main() {
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-x-')); fs.chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'motcua-test', ephemeral: true, fast: true });
await ensureDatabase(pg.baseUrl, 'b'); const db = createDb(withDatabase(pg.baseUrl, 'b'));
await migrateToLatest(db); await seedIfEmpty(db, secretBox(randomBytes(32)));
await sql`INSERT INTO procedures (tenant_id, code, name, field_id, level_code, processing_amount, processing_unit, processing_text, online_level, form_schema, published)
 SELECT p.tenant_id, '7.' || lpad(g::text, 6, '0'), (${sql.val(VERBS)}::text[])[1 + g % 11] || ' ' || (${sql.val(SUBJECTS)}::text[])[1 + (g / 11) % 25] || ' loại ' || g, p.field_id, p.level_code, 5, 'day', 'x', 'partial', '{}', true
 FROM generate_series(1, 10000) g, (SELECT tenant_id, field_id, level_code FROM procedures LIMIT 1) p`.execute(db);
await sql`ANALYZE procedures`.execute(db);
const QUERIES = ['dang ky khai sinh', 'khai sihn', 'ket hon', 'chung thuc ban sao', 'giay phep xay dung', 'thuong tru', 'tam tru', 'ly lich tu phap', 'ho kinh doanh', 'dat dai', 'tro cap xa hoi', '1.001193', 'cap ban sao trich luc', 'xac nhan tinh trang hon nhan', 'Đăng ký khai tử', 'giấy phép lao động', 'van tai', 'bien dong dat dai', 'cap doi giay chung nhan', 'mai tang phi'];
for (const q of QUERIES) { await searchProcedures(db, null, { q, limit: 20, offset: 0 }); }
for (const q of QUERIES) { const t0 = performance.now(); const r = await searchProcedures(db, null, { q, limit: 20, offset: 0 }); console.log((performance.now()-t0).toFixed(1).padStart(7), 'ms', String(r.total).padStart(5), q, '→', r.rows[0]?.name); }
await db.destroy(); await pg.stop(); fs.rmSync(dir, { recursive: true, force: true });
}
main();
