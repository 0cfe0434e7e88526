/**
 * The floor: what any Node web server on this machine must at least spend per request. Plain
 * `node:http` plus a `pg` pool, no framework, no middleware. `/` resolves the tenant from the
 * Host header with one indexed SELECT (public.tenants by its unique slug) and sends ~2 KB of
 * HTML; `/healthz` sends a small JSON body without touching the database, like the app's.
 */
import http from 'node:http';
import pg from 'pg';
import { runAsChild } from './child.ts';
import { benchSettings } from './settings.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

// Filler so the page weighs about what a small real page does (~2 KB), not a few bytes.
const FILLER = Array.from(
  { length: 12 },
  (_, i) => `<li><a href="/catalog?page=${i + 1}">Katalog sayfası ${i + 1}</a> — bayi fiyatları, stok durumu ve teslim süreleri</li>`,
).join('\n');

function page(name: string, slug: string): string {
  const n = escape(name);
  return `<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${n} — Bayi Portalı</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><a href="/" class="brand">${n}</a><nav><a href="/login">Giriş</a> <a href="/lang/en">English</a></nav></header>
<main><h1>${n} bayi portalına hoş geldiniz</h1>
<p>Bu portal üzerinden ${n} ürünlerini size özel fiyatlarla inceleyebilir, sipariş verebilir, kargolarınızı izleyebilirsiniz.</p>
<ul>
${FILLER}
</ul></main>
<footer><p>${escape(slug)} · Kervan</p></footer></body></html>`;
}

await runAsChild(async () => {
  const s = benchSettings();
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: s.dbPoolSize, application_name: 'kervan-bench-floor' });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  let checkouts = 0;
  pool.on('acquire', () => checkouts++);
  const suffix = '.localhost';

  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const slug = host.endsWith(suffix) ? host.slice(0, -suffix.length) : '';
    pool
      .query<{ id: string; slug: string; display_name: string }>(
        `select id, slug, display_name from public.tenants where slug = $1 and status = 'active'`,
        [slug],
      )
      .then(({ rows }) => {
        const t = rows[0];
        if (!t) {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('unknown host');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(page(t.display_name, t.slug));
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    dbCheckouts: () => checkouts,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pool.end();
    },
  };
});
