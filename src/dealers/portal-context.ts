import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { currentDealerId } from '../auth/middleware.ts';
import { dealerCan } from '../auth/permissions.ts';
import type { AppEnv } from '../web/env.ts';
import { page } from '../web/page.tsx';
import { findDealer, type Dealer } from './dealers.ts';

/** A staff member acting for a dealer (IAM-11): dealer admin's view, but read-only for security settings. */
export function isActingStaff(c: Context<AppEnv>): boolean {
  return c.var.user?.kind === 'staff' && Boolean(c.var.session?.acting_dealer_id);
}

/** Dealer admins and acting staff manage the company's users and delivery addresses. */
export function canManageUsers(c: Context<AppEnv>): boolean {
  const user = c.var.user;
  if (!user) return false;
  return isActingStaff(c) || dealerCan(user, 'users.manage');
}

/** The dealer this request acts for; every portal query is filtered by its id. */
export async function portalDealer(c: Context<AppEnv>): Promise<Dealer | null> {
  const id = currentDealerId(c);
  if (id === null) return null;
  return (await findDealer(c.var.db, id)) ?? null;
}

/** A portal page in the dealer frame; the acting banner names the company. */
export function portalPage(c: Context<AppEnv>, title: string, body: Child, dealer: Pick<Dealer, 'company_name'>) {
  return page(c, title, body, { nav: 'dealer', actingDealerName: dealer.company_name });
}

/** Form values that may repeat (checkbox groups) as a string list. */
export function formList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function formString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
