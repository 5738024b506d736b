import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fillBirthRegistration, startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// The walking skeleton's journey, driven in Debian's Chromium like a person: a citizen finds
// "Đăng ký khai sinh" by typing without diacritics and applies online; the desk accepts; the
// specialist and the leader advance it (the leader first sends it back once); the desk returns the
// result; the citizen reads the timeline; anyone looks the code up. Screenshots go to test-results/e2e.

let b: BrowserApp;
let base: string;
const snap = (page: Page, name: string) => b.snap(page, name);
const signIn = (username: string) => b.signIn(username);

async function act(page: Page, action: string, comment?: string, confirm = comment !== undefined) {
  // What the page sent and got while acting, told if the action stalls.
  const seen: string[] = [];
  const onResponse = (r: import('playwright-core').Response) => {
    if (r.url().includes('/api/')) seen.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
  };
  const onConsole = (m: import('playwright-core').ConsoleMessage) => { if (m.type() === 'error') seen.push(`console: ${m.text()}`); };
  page.on('response', onResponse);
  page.on('console', onConsole);
  const button = page.getByTestId(`action-${action}`);
  await button.waitFor();
  const before = await page.getByTestId('status-tag').first().getAttribute('data-status');
  await button.click();
  if (comment !== undefined) await page.getByTestId('action-comment').fill(comment);
  if (confirm) await page.getByTestId('action-confirm').click();
  try {
    await expect.poll(async () => page.getByTestId(`action-${action}`).count().then(async (n) =>
      n === 0 || (await page.getByTestId('status-tag').first().getAttribute('data-status')) !== before), { timeout: 15_000 }).toBe(true);
  } catch (err) {
    await snap(page, `failed-${action}`); // what the officer saw (an error message, the dialog still open…)
    const notice = await page.locator('.ant-message').textContent().catch(() => '');
    throw new Error(`"${action}" did not take effect. Notice: ${notice || '(none)'}\n${seen.join('\n')}`, { cause: err });
  } finally {
    page.off('response', onResponse);
    page.off('console', onConsole);
  }
}

async function openFromInbox(page: Page, code: string) {
  await page.goto(`${base}/xu-ly`);
  const row = page.getByTestId('inbox-table').getByText(code);
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.getByTestId('dossier-title').waitFor();
}

beforeAll(async () => {
  b = await startBrowserApp('journey');
  base = b.base;
});
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

describe('the one-stop journey in the browser', () => {
  it('citizen applies, desk accepts, specialist and leader process, desk returns, anyone looks it up', async () => {
    // 1. The citizen finds the procedure typing without diacritics and applies online.
    const citizen = await signIn('congdan');
    const cp = citizen.page;
    await cp.goto(`${base}/`);
    await cp.getByTestId('search-input').fill('dang ky khai sinh');
    const first = cp.getByTestId('procedure-result').first();
    await expect.poll(() => first.getAttribute('data-code'), { timeout: 15_000 }).toBe('1.001193');
    await snap(cp, 'citizen-search');
    await first.click();
    await expect.poll(() => cp.getByTestId('procedure-name').textContent()).toContain('Đăng ký khai sinh');
    await expect.poll(() => cp.getByText('Thành phần hồ sơ', { exact: false }).count()).toBeGreaterThan(0);
    await snap(cp, 'procedure-page');
    await cp.getByTestId('apply-button').click();

    await fillBirthRegistration(cp);
    await cp.locator('input[type=file]').setInputFiles({
      name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await snap(cp, 'apply-form');
    await cp.getByTestId('submit-dossier').click();
    const codeEl = cp.getByTestId('dossier-code');
    await codeEl.waitFor({ timeout: 15_000 });
    const code = (await codeEl.textContent())!.match(/H45[.\d]*-\d{6}-\d{4}/)![0];
    await snap(cp, 'submitted');
    const dossierId = await codeEl.getAttribute('data-dossier-id');
    expect(dossierId).toBeTruthy();

    // 2. The desk accepts it from the reception inbox.
    const desk = await signIn('motcua.donghoi');
    await openFromInbox(desk.page, code);
    await snap(desk.page, 'desk-dossier');
    await act(desk.page, 'accept');
    await expect.poll(() => desk.page.getByTestId('status-tag').first().getAttribute('data-status')).toBe('in_progress');

    // 3. Specialist advances; the leader sends it back with a comment; then both advance.
    const specialist = await signIn('chuyenvien.donghoi');
    await openFromInbox(specialist.page, code);
    await act(specialist.page, 'advance');
    const leader = await signIn('lanhdao.donghoi');
    await openFromInbox(leader.page, code);
    await snap(leader.page, 'leader-dossier');
    await act(leader.page, 'back', 'Đề nghị kiểm tra lại nơi sinh');
    await openFromInbox(specialist.page, code);
    await act(specialist.page, 'advance');
    await openFromInbox(leader.page, code);
    await act(leader.page, 'advance');
    await expect.poll(() => leader.page.getByTestId('status-tag').first().getAttribute('data-status')).toBe('result_ready');

    // 4. The desk returns the result; the citizen sees every step; the public lookup shows the status.
    await openFromInbox(desk.page, code);
    // Returning asks how and to whom (prefilled: at the desk, to the applicant).
    await act(desk.page, 'return_result', undefined, true);
    await expect.poll(() => desk.page.getByTestId('status-tag').first().getAttribute('data-status')).toBe('returned');

    await cp.goto(`${base}/ho-so/${dossierId}`);
    const items = cp.getByTestId('timeline-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(7);
    const timeline = await cp.getByTestId('timeline').textContent();
    expect(timeline).toContain('Đề nghị kiểm tra lại nơi sinh');
    expect(timeline).toContain('Tiếp nhận hồ sơ');
    await snap(cp, 'citizen-timeline');

    // The attachment, digitised once, waits in the citizen's document store for the next dossier.
    await cp.goto(`${base}/kho-giay-to`);
    await expect.poll(() => cp.getByTestId('document-store').textContent(), { timeout: 15_000 }).toMatch(/giay-chung-sinh|Giấy chứng sinh/);

    const anon = await b.browser.newContext({ locale: 'vi-VN' });
    const ap = await anon.newPage();
    await ap.goto(`${base}/tra-cuu`);
    await ap.getByTestId('lookup-input').fill(code);
    await ap.getByTestId('lookup-input').press('Enter');
    const result = ap.getByTestId('lookup-result');
    await result.waitFor({ timeout: 15_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain(code);
    expect(text).toContain('Đã trả kết quả');
    expect(text).not.toContain('Nguyễn Văn An');
    await snap(ap, 'public-lookup');
    await anon.close();
  }, 120_000); // nine sign-ins and dozens of pages: under a loaded CI box the default 60 s is close
});
