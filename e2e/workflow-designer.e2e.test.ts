import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// The admin redraws the internal process of "Đăng ký khai sinh" at Đồng Hới in the visual designer
// without drag and drop: a new draft from the published version, a branch on the child's sex between
// the existing leader step and a new one, validation messages going away as the graph is completed,
// publication. A dossier then runs on it: the specialist claims the task from the pool and forwards it,
// the branch sends it to the new leader step, and the dossier page's process diagram shows the path.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('workflow-designer'); });
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

const LEADER_B = 'Lãnh đạo phê duyệt (trẻ nữ)';
const BRANCH = 'Theo giới tính của trẻ';

const issues = (page: Page) => page.getByTestId('wf-issue').count();

/** Chooses in a side-panel select once the previous select's dropdown (same options) has closed;
 *  `search` types the option first (long, virtualised lists). */
async function pick(page: Page, testId: string, option: string, search = false) {
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
  if (!search) return choose(page, page.getByTestId(testId), option);
  await page.getByTestId(testId).click();
  await page.keyboard.type(option);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
}

describe('workflow designer in the browser', () => {
  it('builds a workflow with a branch, publishes it, and a dossier follows it on the process diagram', async () => {
    // 1. The published workflow opens read-only from the admin list; a new draft copies it.
    const admin = await b.signIn('admin');
    const ap = admin.page;
    await ap.goto(`${b.base}/quan-tri?tab=workflows`);
    await choose(ap, ap.getByTestId('wf-filter-procedure'), '1.001193 — Đăng ký khai sinh');
    const open = ap.locator('[data-testid="wf-open"][data-procedure="1.001193"][data-unit="P-DONGHOI"][data-status="published"]');
    await expect.poll(() => ap.getByTestId('wf-row').count(), { timeout: 15_000 }).toBeLessThan(10);
    await open.waitFor({ timeout: 15_000 });
    await b.snap(ap, 'workflow-list');
    await open.click();
    await ap.getByTestId('wf-readonly').waitFor();
    expect(await ap.getByTestId('wf-palette').count()).toBe(0);
    await b.snap(ap, 'published-read-only');
    await ap.getByTestId('wf-new-draft').click();
    await expect.poll(() => ap.getByTestId('wf-status').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('draft');
    await ap.getByTestId('wf-valid').waitFor();

    // 2. A second leader step, added from the palette and filled in the side panel.
    await ap.getByTestId('wf-add-task').click();
    await ap.getByTestId('wf-node-name').fill(LEADER_B);
    await expect.poll(() => ap.getByTestId('wf-node-key').inputValue()).toBe('lanh_dao_phe_duyet_tre_nu');
    await pick(ap, 'wf-node-role', 'Lãnh đạo');
    // Not linked yet: the validator says so, and the node is marked.
    await expect.poll(() => issues(ap)).toBeGreaterThan(0);
    expect(await ap.getByTestId('wf-node-lanh_dao_phe_duyet_tre_nu').getAttribute('data-invalid')).toBe('true');
    await pick(ap, 'wf-node-advance', 'Có kết quả');
    await pick(ap, 'wf-node-back', 'Công chức tư pháp - hộ tịch thụ lý, thẩm định');
    await ap.getByTestId('wf-node-refuse').click();

    // 3. The branch: girls' registrations go to the new step, the others to the existing leader step.
    await ap.getByTestId('wf-add-branch').click();
    await ap.getByTestId('wf-node-name').fill(BRANCH);
    await ap.getByTestId('wf-route-source-0').getByText('Trường biểu mẫu').click();
    await pick(ap, 'wf-route-field-0', 'Giới tính', true);
    await pick(ap, 'wf-route-value-0', 'Nam');
    await pick(ap, 'wf-route-target-0', 'Lãnh đạo UBND ký, phê duyệt');
    await pick(ap, 'wf-node-otherwise', LEADER_B);
    await b.snap(ap, 'branch-panel');
    // Still unreachable: nothing leads to the branch yet.
    await expect.poll(() => ap.getByTestId('wf-issues').textContent()).toContain('không thể tới được');

    // 4. The specialist's step now forwards to the branch; every message goes away.
    await ap.getByTestId('wf-layout').click();
    await ap.getByTestId('wf-node-thu_ly').click();
    await expect.poll(() => ap.getByTestId('wf-node-panel').getAttribute('data-node')).toBe('thu_ly');
    await pick(ap, 'wf-node-advance', BRANCH);
    // The new step's default quota (one working day) does not fit a same-day procedure: said in words.
    await expect.poll(() => ap.getByTestId('wf-issues').textContent()).toContain('vượt thời hạn giải quyết');
    await ap.getByTestId('wf-node-lanh_dao_phe_duyet_tre_nu').click();
    await expect.poll(() => ap.getByTestId('wf-node-panel').getAttribute('data-node')).toBe('lanh_dao_phe_duyet_tre_nu');
    const quota = ap.getByTestId('wf-node-quota');
    const quotaInput = (await quota.evaluate((e) => e.tagName)) === 'INPUT' ? quota : quota.locator('input');
    await quotaInput.fill('2');
    await pick(ap, 'wf-node-quota-unit', 'giờ làm việc');
    await ap.getByTestId('wf-valid').waitFor();
    expect(await issues(ap)).toBe(0);
    expect(await ap.locator('[data-testid^="wf-node-"][data-invalid]').count()).toBe(0);
    expect(await ap.getByTestId('wf-canvas').textContent()).toContain('Nếu Giới tính = Nam');
    expect(Number(await ap.getByTestId('wf-duration').getAttribute('data-hours'))).toBeGreaterThan(0);
    await b.snap(ap, 'designer-valid');

    await ap.getByTestId('wf-save').click();
    await expect.poll(() => ap.getByText('Có thay đổi chưa lưu').count(), { timeout: 15_000 }).toBe(0);
    await ap.getByTestId('wf-publish').click();
    await expect.poll(() => ap.getByTestId('wf-status').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('published');
    await ap.getByTestId('wf-readonly').waitFor();
    await b.snap(ap, 'published');

    // 5. A girl's birth registration runs on the new version (submitted and accepted through the API).
    const citizen = await b.login('congdan');
    const desk = await b.login('motcua.donghoi');
    const unitId = desk.user.roles[0]!.unitId!;
    const created = await citizen.post('/api/v1/dossiers', {
      procedureCode: '1.001193', unitId,
      formData: {
        hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha',
        hoTenTre: 'Nguyễn Minh Anh', gioiTinhTre: 'Nữ', ngaySinhTre: '2026-03-01', noiSinh: 'Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const d = created.json() as { id: string; code: string; version: number };
    const accepted = await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version });
    expect(accepted.statusCode, accepted.body).toBe(200);

    // 6. The specialist claims it from the pool in the inbox and forwards it.
    const specialist = await b.signIn('chuyenvien.donghoi');
    const sp = specialist.page;
    await sp.goto(`${b.base}/xu-ly?scope=pool`);
    const row = sp.locator(`[data-testid="dossier-row"][data-code="${d.code}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(Number(await sp.getByTestId('inbox-scope-pool').getAttribute('data-count'))).toBeGreaterThan(0);
    await b.snap(sp, 'inbox-pool');
    await row.getByTestId('inbox-claim').click();
    await sp.getByTestId('inbox-scope-mine').click();
    await expect.poll(() => sp.locator(`[data-testid="dossier-row"][data-code="${d.code}"]`).count(), { timeout: 15_000 }).toBe(1);
    await b.snap(sp, 'inbox-mine');
    await sp.locator(`[data-testid="dossier-row"][data-code="${d.code}"]`).getByTestId('dossier-link').click();
    await sp.getByTestId('action-advance').click();
    await expect.poll(() => sp.getByTestId('action-advance').count(), { timeout: 15_000 }).toBe(0);

    // 7. The branch sent it to the new leader step: the diagram shows the path and where it is now.
    const leader = await b.signIn('lanhdao.donghoi');
    const lp = leader.page;
    await lp.goto(`${b.base}/ho-so/${d.id}`);
    const diagram = lp.getByTestId('process-diagram');
    await diagram.waitFor({ timeout: 15_000 });
    await expect.poll(() => diagram.getAttribute('data-current')).toBe('lanh_dao_phe_duyet_tre_nu');
    const canvas = lp.getByTestId('process-canvas');
    const state = (key: string) => canvas.getByTestId(`wf-node-${key}`).getAttribute('data-state');
    await expect.poll(() => state('lanh_dao_phe_duyet_tre_nu')).toBe('current');
    expect(await state('thu_ly')).toBe('visited');
    expect(await state('theo_gioi_tinh_cua_tre')).toBe('visited');
    expect(await state('phe_duyet')).toBe('idle');
    expect(await lp.getByTestId('process-visits').textContent()).toContain('Trần Thu Sơn');
    await lp.getByTestId('process-card').scrollIntoViewIfNeeded();
    await b.snap(lp, 'process-current');

    await lp.getByTestId('action-advance').click();
    await expect.poll(() => lp.getByTestId('status-tag').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('result_ready');
    await expect.poll(() => state('ket_qua'), { timeout: 15_000 }).toBe('visited');
    expect(await state('lanh_dao_phe_duyet_tre_nu')).toBe('visited');
    expect(await state('tu_choi')).toBe('idle');
    await b.snap(lp, 'process-done');
  });

  it('shows every kind of node, copies a workflow to a unit, exports it and imports it at another', async () => {
    const { page } = await b.signIn('admin');
    const openPublished = async (procedure: string, unit: string) => {
      await page.goto(`${b.base}/quan-tri?tab=workflows`);
      await pick(page, 'wf-filter-procedure', procedure, true);
      const open = page.locator(`[data-testid="wf-open"][data-procedure="${procedure}"][data-unit="${unit}"][data-status="published"]`);
      await open.waitFor({ timeout: 15_000 });
      await open.click();
      await page.getByTestId('wf-readonly').waitFor();
    };

    // The demo land-use workflow: consultations, a branch on the area and a liên thông leg.
    await openPublished('1.012790', 'P-DONGHOI');
    for (const type of ['task', 'branch', 'consultation', 'transfer', 'end-result', 'end-refusal']) {
      expect(await page.getByTestId('wf-canvas').locator(`.wf-node-${type}`).count(), type).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('wf-canvas').textContent()).toContain('Trên 500 m²');
    await b.snap(page, 'land-workflow');

    // Copy the birth registration workflow to Đồng Thuận, published there at once.
    await openPublished('1.001193', 'P-DONGHOI');
    await page.getByTestId('wf-copy').click();
    await pick(page, 'wf-copy-units', 'Ủy ban nhân dân phường Đồng Thuận', true);
    await page.keyboard.press('Escape');
    await page.getByTestId('wf-copy-publish').click();
    await page.getByTestId('wf-copy-submit').click();
    const results = page.getByTestId('wf-copy-results');
    await results.waitFor({ timeout: 15_000 });
    expect(await results.textContent()).toContain('Ủy ban nhân dân phường Đồng Thuận');
    expect(await results.getByTestId('wf-status').getAttribute('data-status')).toBe('published');
    await b.snap(page, 'copied');
    await page.getByTestId('wf-copy-submit').click();

    // Export it as JSON, then import the file as a draft at Đông Hà.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('wf-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^quy-trinh-1\.001193-P-DONGHOI-v\d+\.json$/);
    const file = await download.path();
    const doc = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(file, 'utf8')));
    expect(doc).toMatchObject({ format: 'motcua-workflow', procedureCode: '1.001193' });
    await page.goto(`${b.base}/quan-tri?tab=workflows`);
    await page.getByTestId('wf-import').click();
    await pick(page, 'wf-import-unit', 'Ủy ban nhân dân phường Đông Hà', true);
    await page.getByTestId('wf-import-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByTestId('wf-import-submit').click();
    await expect.poll(() => page.getByTestId('wf-status').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('draft');
    expect(await page.getByTestId('wf-title').textContent()).toContain('Đăng ký khai sinh');
    expect(await page.getByTestId('wf-canvas').locator('.wf-node').count()).toBe(doc.definition.nodes.length);
    await b.snap(page, 'imported-draft');
  });

  it('shows a liên thông leg on both sides of the process diagram', async () => {
    // A small land-use change at Đồng Hới (API): the branch sends it straight to the land office's leg.
    const [citizen, desk, spec] = await Promise.all([b.login('congdan'), b.login('motcua.donghoi'), b.login('chuyenvien.donghoi')]);
    const ward = desk.user.roles[0]!.unitId!;
    const res = await citizen.post('/api/v1/dossiers', {
      procedureCode: '1.012790', unitId: ward,
      formData: {
        hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', soThua: '125', soToBanDo: '18',
        dienTichChuyen: 300, mucDichHienTai: 'Đất trồng cây lâu năm', mucDichXinChuyen: 'Đất ở',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    let d = res.json() as { id: string; code: string; version: number };
    d = (await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version })).json();
    const moved = await spec.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: d.version });
    expect(moved.statusCode, moved.body).toBe(200);
    const legId = ((await spec.get(`/api/v1/dossiers/${d.id}/process`)).json() as { legs: { dossierId: string }[] }).legs[0]!.dossierId;

    // The ward sees the dossier waiting at the transfer step and the leg at the land office.
    const { page } = await b.signIn('chuyenvien.donghoi');
    await page.goto(`${b.base}/ho-so/${d.id}`);
    const diagram = page.getByTestId('process-diagram');
    await diagram.waitFor({ timeout: 15_000 });
    expect(await diagram.getAttribute('data-current')).toBe('van_phong_dang_ky');
    const state = (key: string) => page.getByTestId('process-canvas').getByTestId(`wf-node-${key}`).getAttribute('data-state');
    expect(await state('van_phong_dang_ky')).toBe('current');
    expect(await state('tham_tra')).toBe('visited');
    expect(await state('dien_tich')).toBe('visited');
    expect(await state('xin_y_kien_quy_hoach')).toBe('idle');
    const legs = page.getByTestId('process-legs');
    expect(await legs.textContent()).toContain('Văn phòng Đăng ký');
    expect(await legs.getByTestId('process-leg-status').getAttribute('data-status')).toBe('in_progress');
    expect(await legs.getByTestId('process-leg-link').getAttribute('href')).toBe(`/ho-so/${legId}`);
    await page.getByTestId('process-card').scrollIntoViewIfNeeded();
    await b.snap(page, 'leg-origin');

    // The land office finds the leg in its inbox, marked as such, with the way back to the origin.
    const office = await b.signIn('chuyenvien.vpdk-donghoi');
    const op = office.page;
    await op.goto(`${b.base}/xu-ly`);
    const legRow = op.locator(`[data-testid="dossier-row"][data-code="${d.code}"]`);
    await legRow.waitFor({ timeout: 15_000 });
    expect(await legRow.getByTestId('inbox-leg-tag').count()).toBe(1);
    await legRow.getByTestId('dossier-link').click();
    await op.getByTestId('process-diagram').waitFor({ timeout: 15_000 });
    expect(await op.getByTestId('process-origin-link').getAttribute('href')).toBe(`/ho-so/${d.id}`);
    await op.getByTestId('process-card').scrollIntoViewIfNeeded();
    await b.snap(op, 'leg-child');
  });
});
