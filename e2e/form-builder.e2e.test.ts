import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fillBirthRegistration, startBrowserApp, type BrowserApp } from './support';
import { serverOutputOnFailure } from '../test/server-process';

// Admins change an e-form without a programmer: an admin adds a required field to the birth
// registration form in the visual builder, sees it in the live preview and saves; a citizen then sees
// the new field when applying, must fill it, and the dossier keeps the answer.

let b: BrowserApp;
beforeAll(async () => { b = await startBrowserApp('form-builder'); });
afterAll(async () => { await b?.close(); });
afterEach(serverOutputOnFailure(() => b?.server));

describe('the e-form builder in the browser', () => {
  it('an admin adds a field and a citizen sees and fills it', async () => {
    const { page: ap } = await b.signIn('admin');
    await ap.goto(`${b.base}/quan-tri/thu-tuc/1.001193`);
    await ap.getByTestId('proc-tab-form').click();
    await ap.getByTestId('form-builder').waitFor();
    const index = await ap.locator('[data-testid^="fb-field-title-"]').count();
    await ap.getByTestId('fb-add-field').click();
    const title = ap.getByTestId(`fb-field-title-${index}`);
    await title.fill('Nhóm máu của trẻ');
    await expect.poll(() => ap.getByTestId(`fb-field-key-${index}`).inputValue()).toMatch(/^nhomMau/);
    await ap.getByTestId(`fb-field-required-${index}`).click();
    await expect.poll(() => ap.getByTestId('fb-preview').textContent()).toContain('Nhóm máu của trẻ');
    await b.snap(ap, 'builder-with-new-field');
    await ap.getByTestId('proc-save').click();
    await expect.poll(() => ap.getByText(/Đã lưu phiên bản \d+/).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    const { page: cp } = await b.signIn('congdan');
    await cp.goto(`${b.base}/thu-tuc/1.001193/nop-ho-so`);
    await cp.getByLabel('Nhóm máu của trẻ').waitFor({ timeout: 15_000 });
    await fillBirthRegistration(cp);
    // Required: submitting without it is refused on the page.
    await cp.getByTestId('submit-dossier').click();
    await expect.poll(() => cp.getByTestId('dossier-code').count()).toBe(0);
    await cp.getByLabel('Nhóm máu của trẻ').fill('O');
    await b.snap(cp, 'citizen-form-with-new-field');
    await cp.getByTestId('submit-dossier').click();
    const code = cp.getByTestId('dossier-code');
    await code.waitFor({ timeout: 15_000 });
    const id = await code.getAttribute('data-dossier-id');
    const dossier = await (await cp.request.get(`${b.base}/api/v1/dossiers/${id}`)).json();
    expect(dossier.formData).toMatchObject({ hoTenTre: 'Nguyễn Minh Khang' });
    expect(Object.entries(dossier.formData).find(([k]) => k.startsWith('nhomMau'))?.[1]).toBe('O');
    expect(dossier.formVersion).toBe(2);
  });
});
