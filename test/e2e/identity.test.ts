import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCode } from '../../src/auth/totp.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { vknCheckDigit } from '../../src/dealers/tax-id.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { testRootDb } from '../support/db.ts';
import { startE2E, step, type E2E, type WatchedPage } from './support.ts';

/**
 * The identity journey end to end in Chromium (PLT-1, IAM-1…IAM-10): a seller signs up on the
 * platform host and lands signed in on the new portal's host, where 2FA set-up comes first; a
 * company applies on that portal's landing page, the owner signs in with 2FA and approves it, the
 * new dealer admin accepts the invitation, enrols TOTP, signs out and in again, and invites a buyer.
 */
const test = suite('identity journey (browser)');

let e2e: E2E;
/** The signed-up tenant's schema and host (`<slug>.localhost`), known once the sign-up went through. */
let db: Kysely<TenantDb>;
let host: string;
let files: { dir: string; pdf: string; png: string };

const started = Date.now();
const seller = {
  company: 'Işık Elektrik Ltd. Şti.',
  suggested: 'isik-elektrik',
  // Unique per run: the suggestion may be taken in a shared test database.
  slug: `isik-elektrik-${randomBytes(3).toString('hex')}`,
  owner: 'Orhan Işık',
  email: `orhan-${Date.now().toString(36)}@isik-elektrik.example`,
  password: 'yeşil-çınar-akşam-rüzgârı-42',
};
/** The owner's TOTP secret, read from the set-up page. */
let ownerSecret: string;
const applicant = {
  company: 'Ege Yapı Malzemeleri Ltd. Şti.',
  email: `admin-${Date.now().toString(36)}@ege-yapi.example`,
  contact: 'Ayşe Demir',
  password: 'mavi-kapı-sessiz-fener-77',
};
const vkn = (() => {
  const nine = '123456789';
  return `${nine}${vknCheckDigit(nine)}`;
})();

/** Filled in as the journey goes. */
const state: { applicationId?: number; dealerCode?: string; totpSecret?: string } = {};
let dealerAdmin: WatchedPage;

/** A tiny but real PDF (the upload check sniffs magic bytes) and a 1×1 PNG. */
function makeFiles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kervan-e2e-'));
  const pdf = path.join(dir, 'imza-sirkuleri.pdf');
  writeFileSync(
    pdf,
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  const png = path.join(dir, 'vergi-levhasi.png');
  writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
  return { dir, pdf, png };
}

const label = (page: Page, name: string) => page.getByLabel(name, { exact: true });
const flashText = (page: Page) => page.locator('.flash').first().innerText();

/**
 * Asserts the page had no console errors, CSP violations or failed requests since the last check.
 * A form re-rendered with its errors is answered 422 on purpose, and Chromium logs every 4xx
 * document as a console error: only that exact line, for the page's own URL, is allowed when told.
 */
async function noProblems(w: WatchedPage, where: string, opts: { status422?: boolean } = {}) {
  const expected = `console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) (${w.page.url()})`;
  const real = w.problems.filter((p) => !(opts.status422 && p === expected));
  w.problems.length = 0;
  assert.equal(real, [], `no console errors, CSP violations or failed requests (${where})`);
}

test.before(async () => {
  e2e = await startE2E();
  // Sign-ups are limited per IP; earlier runs from 127.0.0.1 must not lock this one out.
  const keys = await e2e.app.deps.redis.keys('rl:0:signup:*');
  if (keys.length) await e2e.app.deps.redis.del(...keys);
  files = makeFiles();
});

test.after(async () => {
  // The tenant was made by the sign-up, not by makeTenant(): drop it here (before the pool closes).
  if (e2e) {
    const root = await testRootDb();
    const row = await root.selectFrom('tenants').select(['id', 'schema_name']).where('slug', '=', seller.slug).executeTakeFirst();
    if (row) {
      await sql`drop schema if exists ${sql.id(row.schema_name)} cascade`.execute(root);
      await root.deleteFrom('tenants').where('id', '=', row.id).execute();
    }
  }
  await e2e?.close();
  if (files) rmSync(files.dir, { recursive: true, force: true });
  console.log(`identity journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('a seller signs up on the platform host and lands signed in on the new portal, 2FA set-up first', async () => {
  // An English browser: the sign-up's language becomes the new portal's default language.
  const w = await e2e.newPage({ locale: 'en-GB' });
  const { page } = w;
  const portalHost = `${seller.slug}.localhost`;
  try {
    await step(e2e, page, 'platform home to sign-up', async () => {
      const res = await page.goto(e2e.url('localhost', '/'));
      assert.is(res?.status(), 200);
      await page.getByRole('link', { name: 'Start your portal', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/signup');
      assert.is(await page.locator('h1').innerText(), 'Start your portal');
      await noProblems(w, 'sign-up form');
    });

    await step(e2e, page, 'sign-up with a live slug check and a weak password', async () => {
      await label(page, 'Company name *').fill(seller.company);
      // Leaving the company field fills the address with a suggestion (Turkish letters transliterated).
      await label(page, 'Company name *').press('Tab');
      await page.waitForFunction((v) => (document.querySelector('#f-slug') as HTMLInputElement | null)?.value === v, seller.suggested);
      // Then a unique address of our own, checked live as it is typed.
      await label(page, 'Portal address *').fill(seller.slug);
      // The suggestion's own status said "available" already: wait for the answer about this address.
      const status = page.locator('#slug-status[data-state=available]', { hasText: `Available: ${portalHost}` });
      await status.waitFor();
      assert.is(await status.innerText(), `Available: ${portalHost}`);
      await label(page, 'Your full name *').fill(seller.owner);
      await label(page, 'E-mail *').fill(seller.email);
      await label(page, 'Password *').fill('kısa');
      await e2e.screenshot(page, 'identity-00a-signup-form');
      await page.getByRole('button', { name: 'Create the portal' }).click();
      await page.locator('#f-password-error').waitFor();
      assert.match(await page.locator('#f-password-error').innerText(), 'at least 12 characters');
      assert.ok(await page.locator('#f-password-field .field__error').isVisible(), 'the error is next to the password');
      assert.is(await page.locator('.field--error').count(), 1, 'only the password is marked');
      assert.is(await label(page, 'Company name *').inputValue(), seller.company, 'typed values are kept');
      assert.is(await label(page, 'Portal address *').inputValue(), seller.slug);
      assert.is(await label(page, 'Your full name *').inputValue(), seller.owner);
      assert.is(await label(page, 'E-mail *').inputValue(), seller.email);
      assert.is(await label(page, 'Password *').inputValue(), '', 'the password is never echoed');
      assert.is(await page.locator('#slug-status').getAttribute('data-state'), 'available');
      await noProblems(w, 'sign-up weak password', { status422: true });
      await e2e.screenshot(page, 'identity-00b-signup-weak-password');
    });

    await step(e2e, page, 'sign-up sent → hand-off to the new portal host', async () => {
      await label(page, 'Password *').fill(seller.password);
      // The answer moves on by itself (Refresh header), so its body is read on the way through.
      const answer: { status?: number; refresh?: string; body?: string } = {};
      await page.route(
        (u) => u.host === `localhost:${e2e.port}` && u.pathname === '/signup',
        async (route) => {
          if (route.request().method() !== 'POST') return route.continue();
          const res = await route.fetch({ maxRedirects: 0 });
          Object.assign(answer, { status: res.status(), refresh: res.headers()['refresh'], body: await res.text() });
          await route.fulfill({ response: res });
        },
      );
      await page.getByRole('button', { name: 'Create the portal' }).click();
      await page.waitForURL((u) => u.host === `${portalHost}:${e2e.port}`);
      assert.is(answer.status, 201);
      const welcome = new URL((answer.refresh ?? '').replace(/^0;url=/, ''));
      assert.is(welcome.host, `${portalHost}:${e2e.port}`, 'the hand-off goes to the new host on this port');
      assert.match(answer.body ?? '', `href="${welcome.href.replace(/&/g, '&amp;')}"`, 'the button (without Refresh) goes there too');
      assert.match(answer.body ?? '', 'Go to my portal');
      await page.waitForURL((u) => u.host === `${portalHost}:${e2e.port}` && u.pathname === '/account/2fa/setup');
      assert.match(await flashText(page), 'Your portal is ready. First set up two-step verification.');
      assert.ok(await page.locator('[data-testid=totp-qr] svg').isVisible(), 'QR code shown');
      ownerSecret = (await page.locator('[data-testid=totp-secret]').innerText()).replace(/\s+/g, '');
      assert.match(ownerSecret, /^[A-Z2-7]{16,}$/);
      await noProblems(w, 'owner 2FA set-up');
      await e2e.screenshot(page, 'identity-00c-owner-2fa-setup');
    });

    const root = await testRootDb();
    const tenant = await root.selectFrom('tenants').select(['schema_name', 'display_name', 'default_locale']).where('slug', '=', seller.slug).executeTakeFirstOrThrow();
    assert.is(tenant.display_name, seller.company);
    assert.is(tenant.default_locale, 'en');
    db = tenantDb(root, tenant.schema_name);
    host = portalHost;

    await step(e2e, page, 'owner 2FA confirmed → recovery codes → back office', async () => {
      await label(page, '6-digit code from the app *').fill(generateCode(ownerSecret));
      await page.getByRole('button', { name: 'Verify and turn on' }).click();
      await page.locator('[data-testid=recovery-codes]').waitFor();
      assert.is(await page.locator('[data-testid=recovery-codes] li').count(), 10);
      await e2e.screenshot(page, 'identity-00d-owner-recovery-codes');
      await page.getByRole('link', { name: 'I have saved the codes, continue' }).click();
      await page.waitForURL((u) => u.host === `${portalHost}:${e2e.port}` && u.pathname === '/staff/settings');
      assert.match(await page.locator('body').innerText(), seller.company);
      await noProblems(w, 'back office');
      await e2e.screenshot(page, 'identity-00e-owner-back-office');
    });
  } finally {
    await w.context.close();
  }
});

test('a visitor applies to become a dealer; a bad field is shown next to it and nothing typed or uploaded is lost', async () => {
  const visitor = await e2e.newPage();
  const { page } = visitor;
  try {
    await step(e2e, page, 'landing to application form', async () => {
      const res = await page.goto(e2e.url(host, '/'));
      assert.is(res?.status(), 200);
      await page.getByRole('link', { name: 'Apply to become a dealer', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/apply');
      assert.is(await page.locator('h1').innerText(), 'Dealer application');
      await noProblems(visitor, 'apply form');
      await e2e.screenshot(page, 'identity-01-apply-form');
    });

    await step(e2e, page, 'application with a bad tax number', async () => {
      await label(page, 'Company name *').fill(applicant.company);
      await label(page, 'Tax office *').fill('Konak');
      // One digit off: the check digit no longer matches.
      await label(page, 'Tax number / national id *').fill(`${vkn.slice(0, 9)}${(Number(vkn[9]) + 1) % 10}`);
      await label(page, 'Sector *').fill('Building materials');
      await label(page, 'Number of employees *').fill('24');
      await label(page, 'Contact person *').fill(applicant.contact);
      await label(page, 'E-mail *').fill(applicant.email);
      await label(page, 'Phone *').fill('+90 232 555 12 34');
      await page.locator('#f-billing_line1').fill('Atatürk Cad. No: 12');
      await page.locator('#f-billing_city').fill('İzmir');
      await label(page, 'Signature circular *').setInputFiles(files.pdf);
      await label(page, 'Tax certificate *').setInputFiles(files.png);
      await label(page, 'Dealer application form *').setInputFiles(files.pdf);
      await page.getByRole('button', { name: 'Send application' }).click();
      await page.locator('#apply-errors').waitFor();

      const taxField = page.locator('#f-tax_number-field');
      assert.ok(await taxField.locator('.field__error').isVisible(), 'the error is next to the tax number');
      assert.is(await page.locator('#f-tax_number').getAttribute('aria-invalid'), 'true');
      assert.is(await page.locator('.field--error').count(), 1, 'only the tax number is marked');
      assert.is(await page.locator('#f-company_name').inputValue(), applicant.company, 'typed values are kept');
      assert.is(await page.locator('#f-email').inputValue(), applicant.email);
      assert.is(await page.locator('#f-billing_city').inputValue(), 'İzmir');
      for (const code of ['signature_circular', 'tax_certificate', 'application_form']) {
        assert.ok(await page.locator(`[data-testid=uploaded-${code}]`).isVisible(), `${code} upload is kept`);
      }
      await noProblems(visitor, 'apply form with errors', { status422: true });
      await e2e.screenshot(page, 'identity-02-apply-error');
    });

    await step(e2e, page, 'application fixed and sent', async () => {
      await label(page, 'Tax number / national id *').fill(vkn);
      await page.getByRole('button', { name: 'Send application' }).click();
      await page.waitForURL((u) => u.pathname === '/apply/received');
      assert.is(await page.locator('[data-testid=apply-done] h1').innerText(), 'Application received');
      await noProblems(visitor, 'application received');
      await e2e.screenshot(page, 'identity-03-apply-received');
    });

    const app = await db.selectFrom('applications').select(['id', 'status', 'tax_number']).where('email', '=', applicant.email).executeTakeFirstOrThrow();
    assert.is.not(app.status, 'draft');
    assert.is(app.tax_number, vkn);
    state.applicationId = app.id;
  } finally {
    await visitor.context.close();
  }
});

test('the owner signs in again with password and the next TOTP code, looks at a document and approves the application', async () => {
  const w = await e2e.newPage();
  const { page } = w;
  try {
    await step(e2e, page, 'staff sign-in', async () => {
      await page.goto(e2e.url(host, '/staff/login'));
      await label(page, 'E-mail *').fill(seller.email);
      await label(page, 'Password *').fill(seller.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === '/login/2fa');
      await e2e.screenshot(page, 'identity-04-staff-2fa');
      // The set-up used this 30 s step's code; a code is never accepted twice.
      await label(page, 'Verification code *').fill(generateCode(ownerSecret, Date.now() + 30_000));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL((u) => u.pathname.startsWith('/staff/'));
      await noProblems(w, 'staff sign-in');
    });

    await step(e2e, page, 'review queue', async () => {
      await page.getByRole('link', { name: 'Dealer applications', exact: true }).first().click();
      await page.waitForURL((u) => u.pathname === '/staff/applications');
      await e2e.screenshot(page, 'identity-05-review-queue');
      await page.getByRole('link', { name: applicant.company }).click();
      await page.waitForURL((u) => u.pathname === `/staff/applications/${state.applicationId}`);
      assert.match(await page.locator('[data-testid=application-facts]').innerText(), vkn);
      const links = page.locator('[data-testid=documents] a');
      assert.is(await links.count(), 3, 'three documents');
      // Every document link answers (fetched in the page: same origin, the staff session's cookie).
      for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
        const [status, type] = await page.evaluate(async (h) => {
          const r = await fetch(h);
          return [r.status, r.headers.get('content-type')] as const;
        }, href);
        assert.is(status, 200, href);
        assert.match(type ?? '', /^(application\/pdf|image\/png)$/);
      }
      // Opening one as staff would: a new tab with the image.
      const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Tax certificate', exact: true }).click()]);
      await tab.waitForLoadState('load');
      assert.ok(await tab.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'the document opens in a new tab');
      await tab.close();
      // The PNG is shown as a thumbnail from the same protected URL.
      await page.locator('img.doc-thumb').first().waitFor();
      assert.ok(await page.locator('img.doc-thumb').first().evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'thumbnail loaded');
      await noProblems(w, 'application detail');
      await e2e.screenshot(page, 'identity-06-review-detail');
    });

    await step(e2e, page, 'approve', async () => {
      await page.getByRole('button', { name: 'Approve application' }).click();
      await page.waitForURL((u) => u.pathname === `/staff/applications/${state.applicationId}`);
      const flash = await flashText(page);
      const m = /Dealer code: (\S+?)\./.exec(flash);
      assert.ok(m, `flash shows the dealer code: ${flash}`);
      state.dealerCode = m![1];
      const dealer = await db.selectFrom('dealers').select('code').where('company_name', '=', applicant.company).executeTakeFirstOrThrow();
      assert.is(dealer.code, state.dealerCode);
      await noProblems(w, 'approved');
      await e2e.screenshot(page, 'identity-07-approved');
    });
  } finally {
    await w.context.close();
  }
});

test('the dealer admin accepts the invitation, must set up 2FA and reaches the portal', async () => {
  dealerAdmin = await e2e.newPage();
  const { page } = dealerAdmin;

  const mail = await db
    .selectFrom('notifications')
    .select(['body_text', 'subject'])
    .where('recipient', '=', applicant.email)
    .where('body_text', 'like', '%/invite/%')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const invitePath = /\/invite\/[A-Za-z0-9_-]+/.exec(mail.body_text)?.[0];
  assert.ok(invitePath, 'the invitation mail has an /invite/ link');

  await step(e2e, page, 'invitation with a weak password', async () => {
    const res = await page.goto(e2e.url(host, invitePath!));
    assert.is(res?.status(), 200);
    assert.is(await page.locator('[data-testid=invite-code]').innerText(), state.dealerCode);
    assert.is(await label(page, 'Full name *').inputValue(), applicant.contact);
    await label(page, 'New password *').fill('kısa');
    await label(page, 'New password (again) *').fill('kısa');
    await page.getByRole('button', { name: 'Activate my account' }).click();
    await page.locator('#f-password-error').waitFor();
    assert.match(await page.locator('#f-password-error').innerText(), 'at least 12 characters');
    await noProblems(dealerAdmin, 'invite weak password', { status422: true });
    await e2e.screenshot(page, 'identity-08-invite-weak-password');
  });

  await step(e2e, page, 'invitation accepted → 2FA set-up', async () => {
    await label(page, 'New password *').fill(applicant.password);
    await label(page, 'New password (again) *').fill(applicant.password);
    await page.getByRole('button', { name: 'Activate my account' }).click();
    await page.waitForURL((u) => u.pathname === '/account/2fa/setup');
    assert.ok(await page.locator('[data-testid=totp-qr] svg').isVisible(), 'QR code shown');
    state.totpSecret = (await page.locator('[data-testid=totp-secret]').innerText()).replace(/\s+/g, '');
    assert.match(state.totpSecret, /^[A-Z2-7]{16,}$/);
    await noProblems(dealerAdmin, '2FA set-up');
    await e2e.screenshot(page, 'identity-09-2fa-setup');
  });

  await step(e2e, page, '2FA confirmed → recovery codes → portal', async () => {
    await label(page, '6-digit code from the app *').fill(generateCode(state.totpSecret!));
    await page.getByRole('button', { name: 'Verify and turn on' }).click();
    await page.locator('[data-testid=recovery-codes]').waitFor();
    assert.is(await page.locator('[data-testid=recovery-codes] li').count(), 10);
    await e2e.screenshot(page, 'identity-10-recovery-codes');
    await page.getByRole('link', { name: 'I have saved the codes, continue' }).click();
    await page.waitForURL((u) => u.pathname === '/portal');
    assert.is(await page.locator('[data-testid=dealer-code]').innerText(), state.dealerCode);
    await noProblems(dealerAdmin, 'portal');
    await e2e.screenshot(page, 'identity-11-portal');
  });
});

test('the dealer admin signs out and back in with dealer code, password and the next TOTP code', async () => {
  const { page } = dealerAdmin;
  await step(e2e, page, 'sign out', async () => {
    await page.locator('.account-menu').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    assert.match(await flashText(page), 'You have signed out.');
  });

  await step(e2e, page, 'wrong password', async () => {
    await label(page, 'Dealer code *').fill(state.dealerCode!);
    await label(page, 'E-mail *').fill(applicant.email);
    await label(page, 'Password *').fill('not-my-password-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid=login-error]').waitFor();
    assert.is(await page.locator('[data-testid=login-error]').innerText(), 'The dealer code, e-mail or password is wrong.');
    assert.is(await label(page, 'Dealer code *').inputValue(), state.dealerCode, 'the code is kept');
    await noProblems(dealerAdmin, 'login failed', { status422: true });
    await e2e.screenshot(page, 'identity-12-login-failed');
  });

  await step(e2e, page, 'sign in with TOTP', async () => {
    await label(page, 'Password *').fill(applicant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/login/2fa');
    // The set-up just used this 30 s step's code; a code is never accepted twice.
    await label(page, 'Verification code *').fill(generateCode(state.totpSecret!, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => u.pathname === '/portal');
    assert.is(await page.locator('[data-testid=dealer-code]').innerText(), state.dealerCode);
    await noProblems(dealerAdmin, 'sign-in again');
  });
});

test('the dealer admin invites a buyer', async () => {
  const { page } = dealerAdmin;
  const buyer = { name: 'Can Alıcı', email: `buyer-${Date.now().toString(36)}@ege-yapi.example` };
  try {
    await step(e2e, page, 'invite a buyer', async () => {
      await page.locator('nav').getByRole('link', { name: 'Users', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/portal/users');
      const form = page.locator('#invite-form');
      // One permission per line: a box and its label are never mistaken for the neighbour's.
      const tops = await form.locator('#f-permissions-field input[type=checkbox]').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
      assert.ok(tops.length > 1);
      assert.is(new Set(tops).size, tops.length, `each permission on its own line (tops ${tops.join(', ')})`);
      await form.getByLabel('Full name', { exact: false }).fill(buyer.name);
      await form.getByLabel('E-mail', { exact: false }).fill(buyer.email);
      await form.getByLabel('Role').selectOption('buyer');
      await form.getByRole('button', { name: 'Send invitation' }).click();
      const row = page.locator('#users-table tr', { hasText: buyer.email });
      await row.waitFor();
      assert.match(await row.innerText(), 'Invited');
      assert.match(await flashText(page), buyer.email);
      await noProblems(dealerAdmin, 'users');
      await e2e.screenshot(page, 'identity-13-users-invited');
    });
  } finally {
    await dealerAdmin.context.close();
  }
});

test.run();
