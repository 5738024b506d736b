import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// The officers' inbox by task: the leader sees the unit's work, assigns one dossier to the
// specialist, delegates (then revokes) while away; the specialist finds the applicant typing
// without diacritics, claims the other dossier from the pool and forwards both at once.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('inbox'); });
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

const row = (page: Page, code: string) => page.locator(`[data-testid="dossier-row"][data-code="${code}"]`);

/** Today in Vietnam as dd/mm/yyyy, plus `days`. */
function vnDate(days = 0): string {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

describe('officers inbox in the browser', () => {
  it('assigns, delegates, claims and forwards several dossiers at once', async () => {
    // Two birth registrations accepted at Đồng Hới (through the API): both wait in the specialists' pool.
    const citizen = await b.login('congdan');
    const desk = await b.login('motcua.donghoi');
    const unitId = desk.user.roles[0]!.unitId!;
    const codes: string[] = [];
    for (const child of ['Nguyễn Minh Khang', 'Nguyễn Minh Khôi']) {
      const res = await citizen.post('/api/v1/dossiers', {
        procedureCode: '1.001193', unitId,
        formData: {
          hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha',
          hoTenTre: child, gioiTinhTre: 'Nam', ngaySinhTre: '2026-03-01', noiSinh: 'Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const d = res.json() as { id: string; code: string; version: number };
      const acc = await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version });
      expect(acc.statusCode, acc.body).toBe(200);
      codes.push(d.code);
    }
    const [first, second] = codes as [string, string];

    // 1. The leader sees the unit's work and gives the first dossier to the specialist.
    const leader = await b.signIn('lanhdao.donghoi');
    const lp = leader.page;
    await lp.goto(`${b.base}/xu-ly`);
    await lp.getByTestId('inbox-scope-team').click();
    await row(lp, first).waitFor({ timeout: 15_000 });
    await row(lp, first).getByTestId('inbox-assign').click();
    await choose(lp, lp.getByTestId('inbox-assign-officer'), 'Trần Thu Sơn');
    await lp.getByTestId('inbox-assign-submit').click();
    await expect.poll(() => row(lp, first).getByTestId('inbox-task').textContent(), { timeout: 15_000 }).toContain('Trần Thu Sơn');
    expect(await row(lp, second).getByTestId('inbox-pool-tag').count()).toBe(1);
    await b.snap(lp, 'leader-team');

    // 2. Away next week: a delegation to the specialist, listed, then revoked.
    await lp.getByTestId('inbox-delegations').click();
    await choose(lp, lp.getByTestId('delegation-to'), 'Trần Thu Sơn (Chuyên viên)');
    const period = lp.getByTestId('delegation-period').locator('input');
    await period.nth(0).click();
    await period.nth(0).fill(vnDate(7));
    await period.nth(0).press('Enter');
    await period.nth(1).fill(vnDate(9));
    await period.nth(1).press('Enter');
    await lp.getByTestId('delegation-note').fill('Đi công tác tại tỉnh');
    await lp.getByTestId('delegation-submit').click();
    const list = lp.getByTestId('delegation-list');
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain('Đi công tác tại tỉnh');
    expect(await list.textContent()).toContain(vnDate(7));
    await b.snap(lp, 'delegation');
    await list.getByTestId('delegation-delete').click();
    await lp.locator('.ant-popconfirm').getByRole('button', { name: 'Hủy ủy quyền' }).click();
    await expect.poll(() => list.getByTestId('delegation-delete').count(), { timeout: 15_000 }).toBe(0);
    await lp.keyboard.press('Escape');

    // 3. The specialist finds the applicant without diacritics: one dossier is theirs, one in the pool.
    const specialist = await b.signIn('chuyenvien.donghoi');
    const sp = specialist.page;
    await sp.goto(`${b.base}/xu-ly`);
    await sp.getByTestId('inbox-search').locator('input').fill('nguyen van an');
    await sp.getByTestId('inbox-search').locator('input').press('Enter');
    await expect.poll(() => sp.url()).toContain('q=nguyen+van+an');
    await row(sp, first).waitFor({ timeout: 15_000 });
    await row(sp, second).waitFor();
    expect(await row(sp, first).getByTestId('inbox-claim').count()).toBe(0);
    await row(sp, second).getByTestId('inbox-claim').click();
    await expect.poll(() => sp.getByTestId('inbox-scope-mine').getAttribute('data-count'), { timeout: 15_000 }).toBe('2');

    // 4. Both forwarded together, each with its own result.
    for (const code of codes) await row(sp, code).locator('.ant-checkbox-input').check();
    await sp.getByTestId('inbox-bulk-advance').click();
    await sp.getByTestId('inbox-bulk-comment').fill('Hồ sơ đầy đủ, đề nghị phê duyệt');
    await sp.getByTestId('inbox-bulk-submit').click();
    const results = sp.getByTestId('inbox-bulk-results');
    await results.waitFor({ timeout: 15_000 });
    await expect.poll(() => results.locator('[data-testid="inbox-bulk-result"][data-ok="true"]').count()).toBe(2);
    // The list refreshes underneath; the results still name the dossiers by code.
    await expect.poll(() => row(sp, first).count(), { timeout: 15_000 }).toBe(0);
    for (const code of codes) expect(await results.textContent()).toContain(code);
    await b.snap(sp, 'bulk-results');
    await sp.getByTestId('inbox-bulk-submit').click();

    // 5. Both now wait for the leader.
    await lp.goto(`${b.base}/xu-ly`);
    for (const code of codes) {
      await row(lp, code).waitFor({ timeout: 15_000 });
      expect(await row(lp, code).getByTestId('inbox-task').textContent()).toContain('Lãnh đạo UBND ký, phê duyệt');
    }
    await b.snap(lp, 'leader-inbox');
  });
});
