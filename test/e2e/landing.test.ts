import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTenant } from '../support/db.ts';
import { startE2E, step, type E2E, type WatchedPage } from './support.ts';

const test = suite('landing page journey (browser)');

let e2e: E2E;
let acme: { name: string; host: string };
let nordic: { name: string; host: string };
let visitor: WatchedPage;

const text = (page: Page, selector: string) => page.locator(selector).innerText();

test.before(async () => {
  e2e = await startE2E();
  const a = await makeTenant({ name: 'Acme Yapı Market A.Ş.' });
  const n = await makeTenant({ name: 'Nordic Verktøy AS', defaultLocale: 'en' });
  acme = { name: a.tenant.name, host: a.host };
  nordic = { name: n.tenant.name, host: n.host };
  visitor = await e2e.newPage();
});

test.after(async () => {
  await e2e?.close();
});

test("a seller's landing page greets dealers in the seller's default language, Turkish", async () => {
  const { page, problems } = visitor;
  await step(e2e, page, 'landing turkish', async () => {
    const res = await page.goto(e2e.url(acme.host, '/'));
    assert.is(res?.status(), 200);
    assert.is(await page.locator('html').getAttribute('lang'), 'tr');
    assert.is(await text(page, '[data-testid=seller-name]'), acme.name);
    assert.ok(await page.getByRole('link', { name: 'Bayi girişi', exact: true }).isVisible(), 'dealer login link');
    assert.ok(await page.getByRole('link', { name: 'Bayi olmak için başvurun', exact: true }).isVisible(), 'apply link');
    assert.match(await page.title(), acme.name);
  });
  await step(e2e, page, 'landing assets', async () => {
    await page.waitForLoadState('load');
    assert.is(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx), 'object', '/static/htmx.min.js ran');
    const logoLoaded = await page.locator('img.topbar__logo').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0);
    assert.ok(logoLoaded, 'the brand logo loaded');
    assert.equal(problems, [], 'no console errors, CSP violations or failed requests');
    await e2e.screenshot(page, 'landing-tr');
  });
});

test('the language switch turns the page into English and it stays English', async () => {
  const { page, problems } = visitor;
  await step(e2e, page, 'switch to english', async () => {
    await page.locator('[data-testid=lang-switch]').click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    assert.is(new URL(page.url()).pathname, '/', 'back on the landing page');
    assert.ok(await page.getByRole('link', { name: 'Dealer login', exact: true }).isVisible());
    assert.ok(await page.getByRole('link', { name: 'Apply to become a dealer', exact: true }).isVisible());
    assert.is(await text(page, '[data-testid=lang-switch]'), 'Türkçe');
    assert.is(await text(page, '[data-testid=seller-name]'), acme.name);
    await page.reload();
    assert.is(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered');
    await e2e.screenshot(page, 'landing-en');
    assert.equal(problems, []);
  });
});

test("another seller's host shows that seller and nothing of the first", async () => {
  const { page } = visitor;
  await step(e2e, page, 'second tenant', async () => {
    const res = await page.goto(e2e.url(nordic.host, '/'));
    assert.is(res?.status(), 200);
    assert.is(await text(page, '[data-testid=seller-name]'), nordic.name);
    const body = await page.locator('body').innerText();
    assert.not.ok(body.includes(acme.name), "the first seller's name is not on the page");
    assert.not.ok(body.includes('Acme'), 'nor any part of it');
    assert.is(await page.locator('html').getAttribute('lang'), 'en', "this seller's default language");
    await e2e.screenshot(page, 'landing-second-tenant');
  });
});

test('an unknown host is a 404 "portal not found" page, never a default tenant', async () => {
  const tr = await e2e.newPage();
  const en = await e2e.newPage({ locale: 'en-GB' });
  try {
    await step(e2e, tr.page, 'unknown host', async () => {
      const res = await tr.page.goto(e2e.url('nope.localhost', '/'));
      assert.is(res?.status(), 404);
      assert.is(await text(tr.page, 'h1'), 'Portal bulunamadı');
      const body = await tr.page.locator('body').innerText();
      assert.not.ok(body.includes(acme.name) || body.includes(nordic.name), 'no seller is shown');
      assert.is(await tr.page.locator('[data-testid=seller-name]').count(), 0);

      const resEn = await en.page.goto(e2e.url('nope.localhost', '/'));
      assert.is(resEn?.status(), 404);
      assert.is(await text(en.page, 'h1'), 'Portal not found');
      await e2e.screenshot(en.page, 'unknown-host');
    });
  } finally {
    await tr.context.close();
    await en.context.close();
  }
});

test('on a phone the landing page fits the screen without sideways scrolling', async () => {
  const phone = await e2e.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  try {
    await step(e2e, phone.page, 'landing phone', async () => {
      await phone.page.goto(e2e.url(acme.host, '/'));
      const [scrollWidth, innerWidth] = await phone.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(scrollWidth! <= innerWidth!, `page is ${scrollWidth}px wide on a ${innerWidth}px screen`);
      assert.ok(await phone.page.locator('[data-testid=lang-switch]').isVisible());
      assert.ok(await phone.page.getByRole('link', { name: 'Bayi girişi', exact: true }).isVisible());
      await e2e.screenshot(phone.page, 'landing-phone');
      assert.equal(phone.problems, []);
    });
  } finally {
    await phone.context.close();
  }
});

test.run();
