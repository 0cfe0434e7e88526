import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.ts';
import { acmeCatalog } from '../../src/platform/demo-data.ts';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS_DIR, startE2E, step, type E2E } from './support.ts';

/**
 * Warehouse journey in Chromium: the stock list with an inline correction refused (would go
 * negative) and one accepted, then the pick screen driven like a keyboard-wedge scanner (digits
 * + Enter, several in a row) — the input must keep focus across htmx swaps.
 */
const test = suite('STK e2e: stock list and pick/pack scanning');
let e2e: E2E;

/**
 * Playwright's default screenshot hides the caret by putting style="" on every input; htmx then
 * copies that attribute during a swap and the CSP reports it. Keeping the caret avoids the artefact.
 */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), caret: 'initial' });

test.before(async () => {
  e2e = await startE2E();
});
test.after(async () => {
  await e2e?.close();
});

test('warehouse staff correct stock inline and scan a pick without touching the mouse', async () => {
  const t = await makeTenant({ name: 'Acme Depo' });
  await t.db.insertInto('products').values(acmeCatalog().slice(0, 120)).execute();
  await seedDemoCatalog(t.db, 'tr');
  const { user } = await build.staff(t.db, { role: 'warehouse', name: 'Cem Depo' });
  const cookie = (await sessionCookie(t.db, user.id)).split('=');
  const { page, context, problems } = await e2e.newPage({ locale: 'tr-TR' });
  await context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), domain: t.host, path: '/' }]);
  const target = await t.db.selectFrom('products').select(['id', 'sku', 'stock_qty', 'barcode']).where('barcode', 'is not', null).where('stock_qty', '>', 3).orderBy('sku').executeTakeFirstOrThrow();

  await step(e2e, page, 'stock list', async () => {
    await page.goto(e2e.url(t.host, '/staff/stock'));
    await page.getByRole('heading', { name: 'Stok', exact: true }).waitFor();
    await shot(page, 'stock-list');
  });

  await step(e2e, page, 'inline correction refused then accepted', async () => {
    const row = page.locator(`#stock-row-${target.id}`);
    await row.locator('input[name="qty"]').fill(String(-(target.stock_qty + 1)));
    await row.locator('input[name="reason"]').fill('kırık');
    await row.locator('input[name="reason"]').press('Enter');
    await page.locator(`#stock-row-${target.id} [role="alert"]`).waitFor();
    assert.match((await page.locator(`#stock-row-${target.id} [role="alert"]`).textContent()) ?? '', 'sıfırın altına inemez');
    await shot(page, 'stock-list-error');
    const again = page.locator(`#stock-row-${target.id}`);
    await again.locator('input[name="qty"]').fill('-2');
    await again.locator('button[type="submit"]').click();
    await page.locator(`#stock-row-${target.id} [data-col="on-hand"]`).getByText(String(target.stock_qty - 2), { exact: true }).waitFor();
  });

  await step(e2e, page, 'product stock page and replenishment', async () => {
    await page.goto(e2e.url(t.host, `/staff/stock/products/${target.id}`));
    await page.locator('#movements-table').getByText('kırık').waitFor();
    await shot(page, 'stock-product');
    await page.getByLabel('En az stok seviyesi').fill(String(target.stock_qty + 50));
    await page.getByRole('button', { name: 'En az stoğu kaydet' }).click();
    await page.getByText(`En az stok ${target.stock_qty + 50} olarak kaydedildi.`).waitFor();
    await page.goto(e2e.url(t.host, '/staff/stock/replenishment'));
    await page.locator(`#replenish-${target.id}`).waitFor();
    await shot(page, 'stock-replenishment');
  });

  await step(e2e, page, 'pick session: scanner input keeps focus across swaps', async () => {
    await page.goto(e2e.url(t.host, '/staff/stock/pick'));
    await page.getByLabel('Referans').fill('SIP-2026-0042');
    await page.getByRole('button', { name: 'Oturumu başlat' }).click();
    const input = page.locator('#scan-code');
    await input.waitFor();
    assert.ok(await input.evaluate((el) => el === document.activeElement), 'autofocus on load');
    // A keyboard-wedge scanner: digits then Enter, three scans, nothing else touched.
    for (let i = 0; i < 3; i++) {
      await page.keyboard.type(target.barcode!, { delay: 5 });
      await page.keyboard.press('Enter');
      await page.locator('#pick-lines .pick-count').getByText(String(i + 1), { exact: true }).waitFor();
      assert.ok(await page.locator('#scan-code').evaluate((el) => el === document.activeElement), `focus kept after scan ${i + 1}`);
      assert.is(await page.locator('#scan-code').inputValue(), '', 'input cleared');
    }
    await page.keyboard.type(`2*${target.sku.toLowerCase()}`);
    await page.keyboard.press('Enter');
    await page.locator('#pick-lines .pick-count').getByText('5', { exact: true }).waitFor();
    await page.keyboard.type('8690000000029');
    await page.keyboard.press('Enter');
    const alert = page.locator('#scan-message[role="alert"]');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', 'bulunamadı');
    assert.ok(await page.locator('#scan-code').evaluate((el) => el === document.activeElement), 'focus kept after an error');
    assert.is(await page.locator('#scan-code').inputValue(), '');
    await shot(page, 'pick-screen');
  });

  // The refused correction and the unknown barcode answer 422 on purpose (htmx 4 swaps them in).
  const real = problems.filter((p) => !/status of 422 .*\/(adjust|scans)\)$/.test(p));
  assert.equal(real, [], real.join('\n'));
});

test.run();
