import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { fillBirthRegistration, startBrowserApp, type BrowserApp } from './support';

// The Content-Security-Policy is strict enough to matter and loose enough for the app: Chromium opens
// the portal, the e-form (Ajv compiles its validator), the officer's and the admin's pages (Ant Design's
// CSS-in-JS, the workflow designer) and Swagger UI, and reports no violation; an injected inline script
// is refused, which shows the policy is enforced and that violations are seen.

let b: BrowserApp;

/** Records every CSP violation and console message about the policy, from the first script of each page on. */
async function watch(ctx: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => { w.__csp.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`); });
  });
  const console: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) console.push(`${page.url()}: ${m.text()}`); });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []))];
}

beforeAll(async () => { b = await startBrowserApp('csp'); });
afterAll(async () => { await b?.close(); });

describe('the Content-Security-Policy in Chromium', () => {
  it('lets the portal, the e-form with its validation and Swagger UI work without a violation', async () => {
    const { ctx, page } = await b.signIn('congdan');
    const violations = await watch(ctx, page);
    const res = await page.goto(`${b.base}/`);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('heading').first().waitFor();
    expect(await violations()).toEqual([]);

    await page.goto(`${b.base}/thu-tuc/1.001193/nop-ho-so`);
    await page.getByLabel('Họ, chữ đệm, tên người yêu cầu').waitFor();
    // Submitting empty runs the client-side validation: Ajv builds its validator with `new Function`.
    await page.getByRole('button', { name: /Nộp hồ sơ/ }).first().click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await fillBirthRegistration(page);
    await b.snap(page, 'e-form-under-csp');
    expect(await violations()).toEqual([]);

    await page.goto(`${b.base}/api/docs`);
    await page.locator('.swagger-ui .info').getByText('MotCua API').waitFor({ timeout: 15_000 });
    await page.locator('.opblock').first().waitFor();
    await b.snap(page, 'swagger-ui-under-csp');
    expect(await violations()).toEqual([]);

    // Control: an inline script injected into the page is refused and reported.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = '(window).__injected = true;';
      document.head.appendChild(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/script-src/)]));
  });

  it('lets the officers’ inbox and the admin pages (form builder, workflow designer) work without a violation', async () => {
    for (const [user, paths] of [
      ['motcua.donghoi', ['/xu-ly', '/xu-ly/tiep-nhan']],
      ['admin', ['/quan-tri', '/quan-tri/thu-tuc/1.001193', '/quan-tri?tab=workflows']],
    ] as const) {
      const { ctx, page } = await b.signIn(user);
      const violations = await watch(ctx, page);
      for (const path of paths) {
        await page.goto(`${b.base}${path}`);
        await page.waitForLoadState('networkidle');
        await expect.poll(() => page.locator('.ant-layout, .ant-card, .ant-table').count()).toBeGreaterThan(0);
        expect(await violations(), path).toEqual([]);
      }
      await b.snap(page, `${user}-under-csp`);
    }
  });
});
