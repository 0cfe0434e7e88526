import { loadConfigOrExit } from './config.ts';
import { startWorker } from './jobs/start-worker.ts';
import { DEMO_PASSWORD, DEMO_SELLERS, demoLogins, seedDemo } from './platform/demo-seed.ts';
import { onShutdown, openRuntime, runRelease } from './runtime.ts';
import { tenantHost } from './tenancy/tenant.ts';
import { startWeb } from './web/start-web.ts';

/**
 * `npm start`: the whole service in one process for a laptop or a demo — release (create the
 * database, migrate), demo sellers on an empty database, then the web server and the worker.
 * Production runs the Procfile's processes separately.
 */
const config = loadConfigOrExit();
const rt = await openRuntime(config, 'all');
const { failed } = await runRelease(config, rt.logger);
if (failed) rt.logger.error({ failed }, 'some tenants failed to migrate; see above');
// Demo data only on an empty platform, or to complete demo sellers that already exist.
const tenants = await rt.rootDb.selectFrom('tenants').select('slug').execute();
const demoPresent = tenants.some((t) => DEMO_SELLERS.some((s) => s.slug === t.slug));
if ((tenants.length === 0 || demoPresent) && process.env.KERVAN_DEMO !== '0') await seedDemo(rt.rootDb, config, (m) => rt.logger.info(m));
const web = await startWeb(rt);
const worker = await startWorker(rt);

const port = config.PUBLIC_SCHEME === 'http' ? web.port : undefined;
const all = await rt.rootDb.selectFrom('tenants').select(['slug', 'display_name', 'custom_domain', 'custom_domain_verified']).where('status', '=', 'active').orderBy('id').limit(20).execute();
const lines = [
  '',
  `Kervan is running.`,
  `  platform:  ${config.PUBLIC_SCHEME}://${config.BASE_DOMAIN}${port ? `:${port}` : ''}/`,
  ...all.map((t) => `  ${t.slug.padEnd(10)} ${config.PUBLIC_SCHEME}://${tenantHost({ slug: t.slug, customDomain: t.custom_domain_verified ? t.custom_domain : null }, config.BASE_DOMAIN, port)}/   (${t.display_name})`),
  `  health:    ${config.PUBLIC_SCHEME}://${config.BASE_DOMAIN}${port ? `:${port}` : ''}/readyz`,
  '',
];
const logins = await demoLogins(rt.rootDb, config);
if (logins.some((l) => l.lines.length)) {
  lines.push(
    `Demo sign-ins — password for all: ${DEMO_PASSWORD}. Staff at /staff/login, dealers at /login (dealer code + e-mail).`,
    `Accounts with a TOTP secret need a code: add the secret to an authenticator app, or run`,
    `  npm run cli -- demo:code <slug> <e-mail>`,
  );
  for (const l of logins) lines.push(`  ${l.slug}:`, ...l.lines.map((x) => `    ${x}`));
  lines.push('');
}
console.log(lines.join('\n'));

onShutdown(rt.logger, async () => {
  await web.close();
  await worker.close();
  await rt.close();
});
