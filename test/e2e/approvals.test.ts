import path from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCode } from '../../src/auth/totp.ts';
import { order, product, rule, world } from '../approvals/support.ts';
import { makeTenant } from '../support/db.ts';
import { RESULTS_DIR, startE2E, step, type E2E } from './support.ts';

/**
 * APR journey in Chromium: the approver opens the queue, reviews the order, types a wrong code
 * (error next to the field), then the right one; the order leaves the queue. A dealer admin
 * previews the workflow of an amount with htmx. Desktop and phone screenshots.
 */
const test = suite('APR e2e: approval queue, TOTP decision, rules preview');
let e2e: E2E;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, caret: 'initial' });

test.before(async () => {
  e2e = await startE2E();
});
test.after(async () => {
  await e2e?.close();
});

test('an approver approves with a TOTP code; the admin previews a workflow', async () => {
  const ten = await makeTenant({ defaultLocale: 'tr', name: 'Kervan Hırdavat' } as never);
  const w = await world(ten);
  await rule(w.db, w.dealer.id, { name: '5.000 ₺ üzeri siparişler', amount: 500000 });
  await rule(w.db, w.dealer.id, { name: '25.000 ₺ üzeri — iki onay', amount: 2500000, levels: 2 });
  const p = await product(w.db, { price: 125000, stock: 100 });
  const o1 = await order(w, w.buyer.id, p.id, 4);
  const o2 = await order(w, w.buyer.id, p.id, 20);
  const cookie = (s: string) => {
    const [name, ...rest] = s.split('=');
    return [{ name: name!, value: rest.join('='), domain: w.host, path: '/' }];
  };

  for (const [label, viewport] of [
    ['desktop', { width: 1360, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const { page, context, problems } = await e2e.newPage({ locale: 'tr-TR', viewport });
    await context.addCookies(cookie(w.a.cookie));
    await step(e2e, page, `queue ${label}`, async () => {
      await page.goto(e2e.url(w.host, '/portal/approvals'));
      await page.getByRole('heading', { name: 'Onay bekleyen siparişler' }).waitFor();
      assert.ok(await page.locator(`#step-${o1.steps[0]!.id}`).isVisible());
      await shot(page, `apr-queue-${label}`);
    });
    await step(e2e, page, `decision form ${label}`, async () => {
      await page.goto(e2e.url(w.host, `/portal/approvals/${o2.steps[0]!.id}`));
      await page.getByRole('heading', { name: `Sipariş ${o2.number} — onay` }).waitFor();
      await shot(page, `apr-decision-${label}`);
    });
    assert.equal(problems, [], `${label}: no console errors`);
    await context.close();
  }

  const { page, context } = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  await context.addCookies(cookie(w.a.cookie));
  await step(e2e, page, 'wrong code then the right one', async () => {
    await page.goto(e2e.url(w.host, `/portal/approvals/${o1.steps[0]!.id}`));
    await page.fill('#f-code', '000000');
    await page.click('button[value=approve]');
    await page.locator('#f-code-error').waitFor();
    assert.match((await page.locator('#f-code-error').textContent()) ?? '', 'Kod doğru değil');
    await shot(page, 'apr-decision-error');
    await page.fill('#f-code', generateCode(w.a.secret!));
    await page.fill('#f-note', 'Bütçe uygun.');
    await page.click('button[value=approve]');
    await page.waitForURL(/\/portal\/approvals$/);
    assert.match(await page.content(), `${o1.number} onaylandı`);
    assert.not.ok(await page.locator(`#step-${o1.steps[0]!.id}`).count());
  });
  assert.is((await w.db.selectFrom('orders').select('status').where('id', '=', o1.id).executeTakeFirstOrThrow()).status, 'placed');
  await context.close();

  const admin = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  await admin.context.addCookies(cookie(w.admin.cookie));
  await step(e2e, admin.page, 'workflow preview', async () => {
    await admin.page.goto(e2e.url(w.host, '/portal/approvals/rules'));
    await admin.page.selectOption('#f-user_id', String(w.buyer.id));
    await admin.page.fill('#f-total', '30.000,00');
    await admin.page.click('#preview-form button');
    await admin.page.locator('#preview-result .approval-steps').waitFor();
    const text = (await admin.page.locator('#preview-result').textContent()) ?? '';
    assert.match(text, '2 kural takılıyor');
    assert.match(text, '2. seviye');
    await shot(admin.page, 'apr-rules-preview');
  });
  assert.equal(admin.problems, []);
});

test.run();
