import { Hono, type Context } from 'hono';
import { SignupDone, SignupPage, SlugField, SlugStatus, type SignupValues, type SlugState } from '../../views/platform/signup/signup-page.tsx';
import { PlatformLayout } from '../../views/layouts/platform.tsx';
import { clientIp } from '../auth/request-info.ts';
import { common } from '../i18n/common.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { Locale } from '../i18n/define.ts';
import type { SlugProblem } from '../tenancy/slug.ts';
import { tenantHost } from '../tenancy/tenant.ts';
import type { AppEnv } from '../web/env.ts';
import { currentPath } from '../web/scope.ts';
import { signupMessages } from './signup-messages.ts';
import { countSignupAttempt, signUpSeller, signupGate, slugStatus, suggestSlug, SignupError, validateSignup, type SignupErrorCode } from './signup.ts';

/** Seller sign-up on the base domain (PLT-1). */
export const signupRoutes = new Hono<AppEnv>();

type Errors = Partial<Record<keyof SignupValues | 'password', string>>;

export function slugProblemText(locale: Locale, problem: SlugProblem): string {
  const m = signupMessages[locale];
  return problem === 'format' ? m.slugFormat : problem === 'hyphens' ? m.slugHyphens : m.slugReserved;
}

function errorText(locale: Locale, e: SignupErrorCode): string {
  const m = signupMessages[locale];
  switch (e.field) {
    case 'company':
      return m.companyInvalid;
    case 'ownerName':
      return m.ownerNameInvalid;
    case 'email':
      return m.emailInvalid;
    case 'slug':
      return e.code === 'taken' ? m.slugTaken : slugProblemText(locale, e.code);
    case 'password':
      return { too_short: m.pwTooShort, too_long: m.pwTooLong, common: m.pwCommon, contains_identity: m.pwIdentity }[e.code];
  }
}

async function slugState(c: Context<AppEnv>, slug: string): Promise<SlugState> {
  if (!slug.trim()) return { kind: 'none' };
  const s = await slugStatus(c.var.deps.rootDb, slug);
  if (s.kind === 'invalid') return { kind: 'invalid', message: slugProblemText(c.var.locale, s.problem) };
  if (s.kind === 'taken') return { kind: 'taken' };
  const { config } = c.var.deps;
  return { kind: 'available', host: tenantHost({ slug: slug.trim().toLowerCase(), customDomain: null }, config.BASE_DOMAIN) };
}

function signupPage(c: Context<AppEnv>, props: { values: SignupValues; errors: Errors; slugState: SlugState; notice?: string }, status: 200 | 422 | 429 = 200) {
  const locale = c.var.locale;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <PlatformLayout title={signupMessages[locale].title} locale={locale} currentPath={currentPath(c)} switchLabel={common[locale].switchTo}>
      <SignupPage locale={locale} baseDomain={c.var.deps.config.BASE_DOMAIN} {...props} />
    </PlatformLayout>,
    status,
  );
}

const str = (v: unknown, max = 300) => (typeof v === 'string' ? v.slice(0, max) : '');

signupRoutes.get('/signup', (c) => signupPage(c, { values: { company: '', slug: '', ownerName: '', email: '' }, errors: {}, slugState: { kind: 'none' } }));

/** htmx: the small status line beside the slug field. */
signupRoutes.get('/signup/slug-check', async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.html(<SlugStatus locale={c.var.locale} state={await slugState(c, str(c.req.query('slug'), 60))} />);
});

/** htmx: the slug field filled with a suggestion from the company name while the user has not typed one. */
signupRoutes.get('/signup/slug-suggest', async (c) => {
  const typed = str(c.req.query('slug'), 60).trim();
  const slug = typed || suggestSlug(str(c.req.query('company'), 120));
  c.header('Cache-Control', 'no-store');
  return c.html(<SlugField locale={c.var.locale} baseDomain={c.var.deps.config.BASE_DOMAIN} value={slug} state={await slugState(c, slug)} />);
});

signupRoutes.post('/signup', async (c) => {
  const locale = c.var.locale;
  const m = signupMessages[locale];
  const form = await c.req.parseBody();
  const values: SignupValues = {
    company: str(form.company, 200).trim(),
    slug: str(form.slug, 60).trim().toLowerCase(),
    ownerName: str(form.ownerName, 200).trim(),
    email: str(form.email, 300).trim(),
  };
  // Without JavaScript the suggestion comes on the first submit.
  if (!values.slug && values.company) values.slug = suggestSlug(values.company);
  const password = str(form.password, 1000);
  const input = { ...values, password, locale };

  const problems = validateSignup(input);
  if (problems.length) {
    const errors: Errors = {};
    for (const e of problems) errors[e.field] ??= errorText(locale, e);
    return signupPage(c, { values, errors, slugState: errors.slug ? { kind: 'none' } : await slugState(c, values.slug) }, 422);
  }

  const ip = clientIp(c);
  const { redis } = c.var.deps;
  const gate = await signupGate(redis, ip);
  if (!gate.allowed) {
    c.header('Retry-After', String(gate.retryAfterSeconds));
    c.var.log.warn({ ip }, 'sign-up rate limited');
    return signupPage(c, { values, errors: {}, slugState: { kind: 'none' }, notice: m.rateLimited(gate.retryAfterSeconds) }, 429);
  }
  await countSignupAttempt(redis, ip);

  try {
    const result = await signUpSeller(c.var.deps.rootDb, c.var.deps.config, input, { ip });
    c.var.log.info({ tenant: result.tenant.slug, tenantId: result.tenant.id }, 'seller signed up');
    await nudgeNotifications(c.var.deps.queues, result.tenant.id, [result.mailId]).catch(() => undefined);
    // Not a redirect: the sign-up page's CSP (form-action 'self') stops a form submission from
    // being redirected to another host. A Refresh header (and the button, without it) navigates instead.
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header('Refresh', `0;url=${result.welcomeUrl}`);
    return c.html(
      <PlatformLayout title={m.readyTitle} locale={locale} currentPath={currentPath(c)} switchLabel={common[locale].switchTo}>
        <SignupDone locale={locale} url={result.welcomeUrl} host={new URL(result.welcomeUrl).host} />
      </PlatformLayout>,
      201,
    );
  } catch (err) {
    if (err instanceof SignupError) {
      const errors: Errors = { [err.error.field]: errorText(locale, err.error) };
      return signupPage(c, { values, errors, slugState: { kind: 'none' } }, 422);
    }
    throw err;
  }
});
