import { parseArgs } from 'node:util';
import { loadConfigOrExit } from './config.ts';
import { createRootDb } from './db/pool.ts';
import { createLogger } from './logger.ts';
import { DEMO_SELLERS, seedDemo } from './platform/demo-seed.ts';
import { generateCode, openTotpSecret } from './auth/totp.ts';
import { tenantDb } from './tenancy/with-tenant.ts';
import { runRelease } from './runtime.ts';
import { ProvisionError, provisionTenant, setTenantStatus } from './tenancy/provision.ts';
import { tenantHost, toTenant } from './tenancy/tenant.ts';

const USAGE = `usage: npm run cli -- <command>
  migrate                                   migrate public, then every tenant schema
  tenant:create <slug> --name "<name>" [--locale tr|en] [--time-zone Europe/Istanbul]
  tenant:list                               list tenants with status and host
  tenant:suspend <slug> | tenant:activate <slug>
  seed:demo                                 provision the demo sellers (acme, nordic) if missing
  demo:code <slug> <e-mail>                 current TOTP code of a DEMO seller's user (acme, nordic only)`;

const config = loadConfigOrExit();
const [command, ...rest] = process.argv.slice(2);

async function withRoot<T>(fn: (db: ReturnType<typeof createRootDb>['db']) => Promise<T>): Promise<T> {
  const { db } = createRootDb({ connectionString: config.DATABASE_URL, max: 2, applicationName: 'kervan-cli', prepare: false });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const port = config.PUBLIC_SCHEME === 'http' ? config.PORT : undefined;

switch (command) {
  case 'migrate': {
    const { failed } = await runRelease(config, createLogger(config.LOG_LEVEL, { role: 'release' }));
    if (failed) fail(`${failed} tenant(s) failed to migrate; the others are migrated`);
    break;
  }
  case 'tenant:create': {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { name: { type: 'string' }, locale: { type: 'string' }, 'time-zone': { type: 'string' } },
    });
    const slug = positionals[0];
    if (!slug || !values.name) fail(USAGE);
    if (values.locale && values.locale !== 'tr' && values.locale !== 'en') fail('--locale must be tr or en');
    try {
      const t = await withRoot((db) =>
        provisionTenant(db, { slug, name: values.name!, defaultLocale: values.locale as 'tr' | 'en' | undefined, timeZone: values['time-zone'] }),
      );
      console.log(`created tenant ${t.slug} (id ${t.id}, schema ${t.schema}) at ${config.PUBLIC_SCHEME}://${tenantHost(t, config.BASE_DOMAIN, port)}/`);
    } catch (err) {
      if (err instanceof ProvisionError) fail(`${err.field}: ${err.message}`);
      throw err;
    }
    break;
  }
  case 'tenant:list': {
    const rows = await withRoot((db) => db.selectFrom('tenants').selectAll().orderBy('id').execute());
    if (!rows.length) console.log('no tenants yet: npm run cli -- tenant:create <slug> --name "<name>"');
    for (const r of rows) {
      const host = tenantHost({ slug: r.slug, customDomain: r.custom_domain_verified ? r.custom_domain : null }, config.BASE_DOMAIN, port);
      console.log([String(r.id).padStart(4), r.slug.padEnd(20), r.status.padEnd(12), r.schema_name.padEnd(8), host, r.display_name].join('  '));
    }
    break;
  }
  case 'tenant:suspend':
  case 'tenant:activate': {
    const slug = rest[0] ?? fail(USAGE);
    const status = command === 'tenant:suspend' ? 'suspended' : 'active';
    const row = await withRoot(async (db) => {
      const t = await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
      if (t) await setTenantStatus(db, t.id, status);
      return t;
    });
    if (!row) fail(`no tenant with slug "${slug}"`);
    console.log(`${slug} is now ${status} (web processes pick it up within 30 s)`);
    break;
  }
  case 'seed:demo': {
    const created = await withRoot((db) => seedDemo(db, config, (m) => console.log(m)));
    if (!created.length) console.log('demo sellers already exist');
    break;
  }
  case 'demo:code': {
    // Demo only: real sellers' secrets are never shown after enrolment, so this refuses other tenants.
    const [slug, email] = rest;
    if (!slug || !email) fail(USAGE);
    if (!DEMO_SELLERS.some((s) => s.slug === slug)) fail(`demo:code works for the demo sellers only (${DEMO_SELLERS.map((s) => s.slug).join(', ')})`);
    const code = await withRoot(async (db) => {
      const t = await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!t) fail(`no tenant with slug "${slug}"`);
      const user = await tenantDb(db, toTenant(t).schema).selectFrom('users').select('totp_secret').where('email', '=', email.toLowerCase()).where('totp_secret', 'is not', null).executeTakeFirst();
      if (!user?.totp_secret) fail(`no user with 2FA and e-mail ${email} at ${slug}`);
      return generateCode(openTotpSecret(user.totp_secret, config.SESSION_SECRET));
    });
    console.log(`${code}   (valid for this 30-second step and the next; each code works once)`);
    break;
  }
  default:
    fail(USAGE);
}
