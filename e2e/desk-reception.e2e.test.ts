import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// A desk officer receives a walk-in applicant end to end — looks the ID number up, types the new
// applicant, picks the procedure, ticks the documents, records the fee receipt, accepts — and prints
// the receipt and appointment slip (Mẫu 01), which carries the code and the applicant.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('desk-reception'); });
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

/** Picks the certification procedure, ticks every document and types a receipt number for each fee. */
async function fillProcedure(page: Page, receiptBase: number) {
  await page.getByTestId('desk-procedure').click();
  await page.keyboard.type('chung thuc ban sao');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: '2.000815' }).first().click({ timeout: 15_000 });
  await page.getByTestId('desk-doc-all').first().click();
  const receipts = page.locator('[data-testid^="desk-fee-receipt-"]');
  for (let i = 0; i < await receipts.count(); i++) await receipts.nth(i).fill(`BL-2026-${receiptBase + i}`);
}

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

    await fillProcedure(page, 1000);
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

  it('with the returning applicant\'s consent, offers their stored documents for the new dossier and attaches one', async () => {
    // At the first visit the desk scanned a document (through the API here).
    const desk = await b.login('motcua.donghoi');
    const first = await desk.post('/api/v1/desk/dossiers', {
      procedureCode: '2.000815', unitId: desk.user.roles[0]!.unitId,
      applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa' },
      documents: [{ name: 'Bản chính giấy tờ làm cơ sở chứng thực', originals: 1, copies: 0, provided: true }],
      sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', decision: 'accept',
    });
    expect(first.statusCode, first.body).toBe(201);
    const scan = Buffer.from('%PDF-1.4\n% bang tot nghiep\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await desk.upload(`/api/v1/dossiers/${first.json().id}/files`, { label: 'Bằng tốt nghiệp đại học' }, { name: 'bang.pdf', data: scan, contentType: 'application/pdf' });
    expect(up.statusCode, up.body).toBe(201);

    const { page } = await b.signIn('motcua.donghoi');
    await page.goto(`${b.base}/xu-ly/tiep-nhan`);
    await page.getByTestId('desk-id-number').fill('044190012345');
    await page.getByTestId('desk-lookup').click();
    await page.getByTestId('desk-person-found').waitFor({ timeout: 15_000 });
    await page.getByTestId('desk-store-consent').check();
    await fillProcedure(page, 2000);
    await page.getByTestId('desk-accept').click();

    const store = page.getByTestId('desk-store');
    await store.waitFor({ timeout: 15_000 });
    await expect.poll(() => store.textContent(), { timeout: 15_000 }).toContain('Bằng tốt nghiệp đại học');
    await store.locator('[data-testid^="desk-store-reuse-"]').first().click();
    await expect.poll(() => store.textContent(), { timeout: 15_000 }).toContain('Đã đính kèm');
    await b.snap(page, 'store-reused');
    const id = await page.getByTestId('desk-code').getAttribute('data-dossier-id');
    const dossier = (await desk.get(`/api/v1/dossiers/${id}`)).json();
    expect(dossier.files.map((f: { name: string }) => f.name)).toEqual(['Bằng tốt nghiệp đại học']);
    const events = (await desk.get(`/api/v1/dossiers/${id}/events`)).json().items.map((e: { action: string }) => e.action);
    expect(events).toContain('store_consent');
  }, 90_000);
});
