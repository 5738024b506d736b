import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from './support';
import { demoPassword } from '../test/helpers';
import { Authenticator, authenticatorFor, rememberAuthenticator } from '../test/totp';

// Account security in the browser: an admin is led to enroll TOTP before anything else and does it with the
// QR page; an admin unlocks a locked officer and resets another's second factor where officers are listed;
// a citizen ends their other sessions and changes the password.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('account-security'); });
afterAll(async () => { await b?.close(); });

const apiLogin = (username: string, password: string) =>
  fetch(`${b.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('account security in the browser', () => {
  it('leads an admin without a second factor to enrollment, which the QR page completes', async () => {
    const ctx = await b.browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 900 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`${b.base}/dang-nhap?next=/quan-tri`);
      await page.getByLabel('Tên đăng nhập').fill('admin');
      await page.getByLabel('Mật khẩu').fill(demoPassword('admin'));
      await page.getByTestId('login-submit').click();
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('/tai-khoan/bao-mat');
      await page.getByTestId('must-enroll').waitFor();
      expect(await page.getByTestId('must-enroll').textContent()).toContain('Tài khoản quản trị phải bật xác thực hai bước');
      // Anywhere else leads back here.
      await page.goto(`${b.base}/quan-tri`);
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('/tai-khoan/bao-mat');

      await page.getByTestId('totp-start').click();
      await page.getByTestId('totp-qr').waitFor();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await b.snap(page, 'totp-enrollment');
      await page.getByTestId('totp-confirm-code').fill('000000');
      await page.getByTestId('totp-confirm').click();
      await page.getByText('Mã không đúng', { exact: false }).waitFor();
      const device = new Authenticator(secret);
      rememberAuthenticator(b.base, 'admin', device);
      await page.getByTestId('totp-confirm-code').fill(await device.code());
      await page.getByTestId('totp-confirm').click();
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('/quan-tri');
      await page.getByTestId('admin-units').waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('lets an admin unlock a locked officer and reset another officer\'s second factor from the officers list', async () => {
    for (let i = 0; i < 5; i++) expect((await apiLogin('chuyenvien.dongthuan', 'sai-mat-khau')).status).toBe(401);
    expect((await apiLogin('chuyenvien.dongthuan', demoPassword('chuyenvien.dongthuan'))).status).toBe(429);
    await authenticatorFor(b.base, 'lanhdao.dongthuan', demoPassword('lanhdao.dongthuan'), true);
    expect((await (await apiLogin('lanhdao.dongthuan', demoPassword('lanhdao.dongthuan'))).json()).totpRequired).toBe(true);

    const { page } = await b.signIn('admin'); // with the authenticator enrolled on the page above: the code typed in the browser
    await page.goto(`${b.base}/quan-tri?tab=users`);
    await page.getByTestId('admin-users').waitFor();
    await page.getByTestId('locked-chuyenvien.dongthuan').waitFor();
    await b.snap(page, 'officers-locked');
    await page.getByTestId('unlock-chuyenvien.dongthuan').click();
    await page.getByTestId('locked-chuyenvien.dongthuan').waitFor({ state: 'detached' });
    expect((await apiLogin('chuyenvien.dongthuan', demoPassword('chuyenvien.dongthuan'))).status).toBe(200);

    await page.getByTestId('totp-reset-lanhdao.dongthuan').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click();
    await page.getByTestId('totp-reset-lanhdao.dongthuan').waitFor({ state: 'detached' });
    const after = await (await apiLogin('lanhdao.dongthuan', demoPassword('lanhdao.dongthuan'))).json();
    expect(after.user).toMatchObject({ username: 'lanhdao.dongthuan', totpEnabled: false });
  });

  it('lets a citizen end their other sessions and change the password', async () => {
    expect((await apiLogin('congdan2', demoPassword('congdan2'))).status).toBe(200); // a session elsewhere
    const { page } = await b.signIn('congdan2');
    await page.getByTestId('account-link').click();
    await expect.poll(() => page.url()).toContain('/tai-khoan/bao-mat');
    const rows = page.getByTestId('sessions-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('sessions-table').textContent()).toContain('Thiết bị này');
    await b.snap(page, 'sessions');
    await page.getByTestId('sessions-end-others').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Đăng xuất khỏi các thiết bị khác' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);

    await page.getByTestId('pw-current').fill(demoPassword('congdan2'));
    await page.getByTestId('pw-new').fill('matkhau@2025');
    await page.getByTestId('pw-confirm').fill('matkhau@2025');
    await page.getByTestId('pw-submit').click();
    await page.getByText('Mật khẩu này quá phổ biến', { exact: false }).waitFor();
    await b.snap(page, 'password-too-common');
    await page.getByTestId('pw-new').fill('Hoa phượng đỏ sân trường 1999');
    await page.getByTestId('pw-confirm').fill('Hoa phượng đỏ sân trường 1999');
    await page.getByTestId('pw-submit').click();
    await page.getByText('Đã đổi mật khẩu', { exact: false }).waitFor();
    expect((await apiLogin('congdan2', 'Hoa phượng đỏ sân trường 1999')).status).toBe(200);
    expect((await apiLogin('congdan2', demoPassword('congdan2'))).status).toBe(401);
  });
});
