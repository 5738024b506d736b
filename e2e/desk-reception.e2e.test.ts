import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// A desk officer receives a walk-in applicant end to end — looks the ID number up, types the new
// applicant, picks the procedure, ticks the documents, records the fee receipt, accepts — and prints
// the receipt and appointment slip (Mẫu 01), which carries the code and the applicant.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('desk-reception'); });
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

describe('walk-in reception in the browser', () => {
  it('a desk officer receives a walk-in applicant and downloads form 01', async () => {
    const { page } = await b.signIn('motcua.donghoi');
    await page.goto(`${b.base}/xu-ly/tiep-nhan`);
    await page.getByTestId('desk-reception').waitFor();
    await page.getByTestId('desk-id-number').fill('044190012345');
    await page.getByTestId('desk-lookup').click();
    await page.getByTestId('desk-person-new').waitFor({ timeout: 15_000 });
    await page.getByTestId('desk-full-name').fill('Phạm Thị Hoa');
    await page.getByTestId('desk-phone').fill('0905111222');

    await page.getByTestId('desk-procedure').click();
    await page.keyboard.type('chung thuc ban sao');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '2.000815' }).first().click({ timeout: 15_000 });
    await page.getByTestId('desk-doc-all').first().click();
    const receipts = page.locator('[data-testid^="desk-fee-receipt-"]');
    for (let i = 0; i < await receipts.count(); i++) await receipts.nth(i).fill(`BL-2026-${1000 + i}`);
    await b.snap(page, 'reception-form');
    await page.getByTestId('desk-accept').click();

    const code = page.getByTestId('desk-code');
    await code.waitFor({ timeout: 15_000 });
    const text = (await code.textContent())!.trim();
    expect(text).toMatch(/^H45\.30\.01-\d{6}-\d{4}$/);
    await expect.poll(() => page.getByTestId('desk-due').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await b.snap(page, 'accepted');

    const href = await page.getByTestId('desk-print-01').getAttribute('href');
    const res = await page.request.get(new URL(href!, b.base).toString());
    expect(res.headers()['content-type']).toBe('application/pdf');
    const file = b.artifact('mau-01.pdf', await res.body());
    const pdf = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    expect(pdf.error).toBeUndefined();
    expect(pdf.stdout).toContain(text);
    expect(pdf.stdout).toContain('Phạm Thị Hoa');
    expect(pdf.stdout).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  });
});
