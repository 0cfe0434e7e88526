import { Hono, type Context } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { page } from '../web/page.tsx';
import { ReplenishmentPage } from '../../views/stock/replenishment.tsx';
import { stockMessages } from './messages.ts';
import { listReplenishment, replenishmentCsv, REPLENISH_SORTS, type ReplenishSort } from './replenishment.ts';
import { staffCan } from '../auth/permissions.ts';

/** /staff/stock/replenishment (STK-4): what to order, sortable, as a page and as CSV. Access: the stock area's. */
export const replenishmentRoutes = new Hono<AppEnv>();

const PAGE = 100;
const CSV_MAX = 50_000;

function sortOf(c: Context<AppEnv>): { sort: ReplenishSort; desc: boolean } {
  const raw = c.req.query('sort') ?? 'shortage';
  const sort = (REPLENISH_SORTS as readonly string[]).includes(raw) ? (raw as ReplenishSort) : 'shortage';
  const dir = c.req.query('dir');
  return { sort, desc: dir ? dir === 'desc' : sort === 'shortage' };
}

replenishmentRoutes.get('/', async (c) => {
  const { sort, desc } = sortOf(c);
  const requested = Math.min(10_000, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const { rows, total } = await listReplenishment(c.var.db, { sort, desc, limit: PAGE, offset: (requested - 1) * PAGE });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  if (requested > pages) return c.redirect(`/staff/stock/replenishment?sort=${sort}&dir=${desc ? 'desc' : 'asc'}`, 303);
  const t = stockMessages[c.var.locale];
  const canPick = Boolean(c.var.user && staffCan(c.var.user, 'warehouse.manage'));
  return c.html(page(c, t.replenishTitle, <ReplenishmentPage locale={c.var.locale} rows={rows} total={total} sort={sort} desc={desc} page={requested} pages={pages} canPick={canPick} />, { nav: 'staff' }));
});

replenishmentRoutes.get('/export.csv', async (c) => {
  const { sort, desc } = sortOf(c);
  const { rows } = await listReplenishment(c.var.db, { sort, desc, limit: CSV_MAX, offset: 0 });
  const t = stockMessages[c.var.locale];
  const day = new Date().toISOString().slice(0, 10);
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="replenishment-${c.var.tenant.slug}-${day}.csv"`);
  c.header('Cache-Control', 'no-store');
  return c.body(replenishmentCsv(rows, t.csvHeaders.split(',')));
});
