import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { choose, startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// An admin keeps the calendar true without a programmer: makes 24 November 2026 (Ngày Văn hóa Việt
// Nam) a day off on the year view, and the deadline tool then counts around it.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('calendar-admin'); });
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

describe('the working calendar in the browser', () => {
  it('an admin adds a holiday and deadlines computed afterwards skip it', async () => {
    const { page } = await b.signIn('admin');
    await page.goto(`${b.base}/quan-tri`);
    await page.getByTestId('admin-tab-calendar').click();
    await page.getByTestId('admin-calendar').waitFor();
    await choose(page, page.getByTestId('cal-year'), 'Năm 2026');
    const tet = page.getByTestId('cal-day-2026-02-17');
    await expect.poll(() => tet.getAttribute('data-kind'), { timeout: 15_000 }).toBe('holiday');
    await b.snap(page, 'year-2026');

    const day = page.getByTestId('cal-day-2026-11-24');
    expect(await day.getAttribute('data-kind')).toBe('working');
    await day.click();
    await page.getByTestId('cal-kind-holiday').click();
    await page.getByTestId('cal-day-name').fill('Ngày Văn hóa Việt Nam');
    await page.getByTestId('cal-day-save').click();
    await expect.poll(() => day.getAttribute('data-kind'), { timeout: 15_000 }).toBe('holiday');
    await expect.poll(() => page.getByTestId('cal-special-list').textContent()).toContain('Ngày Văn hóa Việt Nam');

    // Fri 20 Nov 2026 09:00 + 3 working days: Mon 23, (Tue 24 off), Wed 25, Thu 26 → Thu 26 Nov 09:00.
    const start = page.getByTestId('deadline-start');
    await start.click();
    await start.fill('20/11/2026 09:00');
    await start.press('Enter');
    await page.getByTestId('deadline-amount').fill('3');
    await page.getByTestId('deadline-compute').click();
    const due = page.getByTestId('deadline-due-at');
    await expect.poll(() => due.getAttribute('data-value'), { timeout: 15_000 }).toBe('2026-11-26T09:00:00+07:00');
    await b.snap(page, 'holiday-and-deadline');
  });

  it('an admin edits the lines a unit prints on its forms', async () => {
    const { page } = await b.signIn('admin');
    await page.goto(`${b.base}/quan-tri`);
    await page.locator('.ant-input-search input').first().fill('P-DONGHOI');
    await page.getByTestId('unit-form-lines-P-DONGHOI').click();
    const desk = page.getByTestId('form-lines-desk');
    await expect.poll(() => desk.inputValue(), { timeout: 15_000 }).toBe('BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ');
    await desk.fill('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐỒNG HỚI');
    await page.getByTestId('form-lines-save').click();
    await expect.poll(() => page.getByTestId('form-lines-modal').count(), { timeout: 15_000 }).toBe(0);
    const unitId = (await (await page.request.get(`${b.base}/api/v1/units`)).json()).items.find((u: { code: string }) => u.code === 'P-DONGHOI').id;
    const lines = await (await page.request.get(`${b.base}/api/v1/admin/units/${unitId}/forms`)).json();
    expect(lines.deskName).toBe('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐỒNG HỚI');
  });
});
