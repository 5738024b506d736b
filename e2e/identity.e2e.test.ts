import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpLogin, httpRequest } from '../test/http-client';
import { startBrowserApp, type BrowserApp } from './support';

// A citizen whose declared ID number is not verified sees so in the header and on their account page,
// takes a one-time code to the desk; the desk officer checks the card and verifies; the walk-in received
// earlier for that number appears in the citizen's dossiers; the admin finds the verification in the
// audit log and checks the chain.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('identity'); });
afterAll(async () => { await b?.close(); });

describe('verifying an ID number in the browser', () => {
  it('citizen takes a code to the desk, the desk verifies it, the admin sees it in the audit log', async () => {
    const NUMBER = '045188007777';
    const reg = await httpRequest(b.base, '/api/v1/auth/register', {
      method: 'POST',
      body: { username: 'le.thi.mai', password: 'Trang-sang-bien-7749', fullName: 'Lê Thị Mai', idNumber: NUMBER, birthDate: '1988-06-01' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const deskApi = await b.login('motcua.donghoi');
    const walkIn = await deskApi.post('/api/v1/desk/dossiers', {
      procedureCode: '2.000815', unitId: deskApi.user.roles[0]!.unitId,
      applicant: { idType: 'personal', idNumber: NUMBER, fullName: 'Lê Thị Mai', birthDate: '1988-06-01' },
      documents: [{ name: 'Bản chính giấy tờ làm cơ sở chứng thực', originals: 1, copies: 0, provided: true }],
      sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', decision: 'accept',
    });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    const code = walkIn.json().code as string;

    // The citizen (signed in with the session the API gave) sees the number is not verified.
    const citizen = await httpLogin(b.base, 'le.thi.mai', 'Trang-sang-bien-7749');
    const cctx = await b.browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 900 } });
    const [name, value] = citizen.cookie.split('=');
    await cctx.addCookies([{ name: name!, value: value!, url: b.base }]);
    const cp = await cctx.newPage();
    await cp.goto(`${b.base}/ho-so-cua-toi`);
    await cp.getByTestId('identity-unverified').click();
    await cp.getByTestId('account-page').waitFor();
    expect(await cp.getByTestId('identity-status').getAttribute('data-verified')).toBe('false');
    await cp.getByTestId('identity-new-code').click();
    const deskCode = (await cp.getByTestId('identity-desk-code').textContent({ timeout: 15_000 }))!.trim();
    expect(deskCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await b.snap(cp, 'citizen-code');

    // The desk looks the code up, compares the card, verifies.
    const { page: dp } = await b.signIn('motcua.donghoi');
    await dp.goto(`${b.base}/xu-ly/xac-thuc-dinh-danh`);
    await dp.getByTestId('identity-code').fill(deskCode);
    await dp.getByTestId('identity-lookup').click();
    const account = dp.getByTestId('identity-account');
    await account.waitFor({ timeout: 15_000 });
    expect(await account.textContent()).toContain('le.thi.mai');
    expect(await dp.getByTestId('identity-card-number').inputValue()).toBe(NUMBER);
    await dp.getByTestId('identity-verify').click();
    expect(await dp.locator('.ant-form-item-explain-error').first().textContent({ timeout: 15_000 })).toContain('đối chiếu');
    await dp.getByTestId('identity-checked').check();
    await b.snap(dp, 'desk-verify');
    await dp.getByTestId('identity-verify').click();
    const done = dp.getByTestId('identity-verified');
    await done.waitFor({ timeout: 15_000 });
    expect(await done.textContent()).toContain('1 hồ sơ');
    await b.snap(dp, 'desk-verified');

    // The walk-in is now among the citizen's dossiers, and the account shows the number verified.
    await cp.goto(`${b.base}/ho-so-cua-toi`);
    await expect.poll(() => cp.locator('body').textContent(), { timeout: 15_000 }).toContain(code);
    expect(await cp.getByTestId('identity-unverified').count()).toBe(0);
    await cp.goto(`${b.base}/tai-khoan`);
    await expect.poll(() => cp.getByTestId('identity-status').getAttribute('data-verified'), { timeout: 15_000 }).toBe('true');

    // The admin finds the verification in the audit log, and the chain is intact.
    const { page: ap } = await b.signIn('admin');
    await ap.goto(`${b.base}/quan-tri?tab=audit`);
    await ap.getByTestId('admin-audit').waitFor({ timeout: 15_000 });
    await ap.getByTestId('audit-actor').fill('motcua.donghoi');
    await ap.getByTestId('audit-search').click();
    await expect.poll(() => ap.getByTestId('admin-audit').textContent(), { timeout: 15_000 }).toContain('Xác thực số định danh');
    await ap.getByTestId('audit-verify').click();
    await expect.poll(() => ap.getByTestId('audit-verdict').textContent(), { timeout: 15_000 }).toContain('Nguyên vẹn');
    await b.snap(ap, 'admin-audit');
    await cctx.close();
  }, 120_000);
});
