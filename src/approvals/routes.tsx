import { Hono, type Context } from 'hono';
import { audit } from '../auth/audit.ts';
import { requireDealer } from '../auth/middleware.ts';
import { dealerCan } from '../auth/permissions.ts';
import { requireFreshTotp } from '../auth/step-up.ts';
import { cartFigures, cartItems, findCart, listCarts } from '../carts/carts.ts';
import { buildCategoryTree, listCategories } from '../catalog/categories.ts';
import type { Dealer } from '../dealers/dealers.ts';
import { isActingStaff, portalDealer, portalPage } from '../dealers/portal-context.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { dealerPricing } from '../pricing/context.ts';
import { parseMoney } from '../pricing/lists.ts';
import { cachedSetting } from '../settings/cache.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { idParam, parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import { DecisionPage, type DecisionProps } from '../../views/approvals/decision.tsx';
import { ApprovalQueue } from '../../views/approvals/queue.tsx';
import { PreviewResultView, RulesPage, type PreviewResult, type PreviewValues, type RulesPageProps } from '../../views/approvals/rules.tsx';
import { approvalMessages } from './messages.ts';
import { formatTotal } from './notify.ts';
import { companyUsers, createRule, emptyRule, findRule, listRules, ruleValues, setRuleActive, updateRule, validateRule, valuesOfRule, type RuleError, type RuleField, type RuleValues } from './rule-admin.ts';
import { evaluateApproval } from './rules.ts';
import { activeDelegates, canDecide, decideStep, pendingSteps, ruleNames, stepApprovers, withdrawableSteps, withdrawApproval, type DecideError } from './workflow.ts';

/**
 * APR-1…APR-4, dealer side.
 *   /portal/approvals            approver queue (own orders.approve, or a delegate of an approver
 *                                during the window; admins and acting staff read-only)
 *   /portal/approvals/:stepId    order summary + decision form (TOTP step-up in the same form)
 *   /portal/approvals/:stepId/withdrawal
 *   /portal/approvals/rules      dealer admin (users.manage) or acting staff: rules + preview
 * Every id is looked up through the dealer's own orders/rules: another dealer's id is a 404.
 */
export const approvalRoutes = new Hono<AppEnv>();
approvalRoutes.use('*', requireDealer());

type Access = { decide: boolean; lenders: string[] } | null;

/** Who may open the queue: approvers decide; delegates of approvers decide; admins and acting staff read. */
async function queueAccess(c: Context<AppEnv>, dealer: Dealer): Promise<Access> {
  if (isActingStaff(c)) return { decide: false, lenders: [] };
  const user = c.var.user!;
  if (dealerCan(user, 'orders.approve')) return { decide: true, lenders: [] };
  const approvers = await stepApprovers(c.var.db, dealer.id, []);
  const lent = (await activeDelegates(c.var.db, dealer.id, approvers.map((a) => a.id), new Date())).get(user.id);
  if (lent?.length) return { decide: true, lenders: approvers.filter((a) => lent.includes(a.id)).map((a) => a.name) };
  if (dealerCan(user, 'users.manage')) return { decide: false, lenders: [] };
  return null;
}

const canManageRules = (c: Context<AppEnv>) => isActingStaff(c) || dealerCan(c.var.user!, 'users.manage');

// ---------- rules (APR-1) and preview (APR-4) ----------

async function rulesPage(
  c: Context<AppEnv>,
  dealer: Dealer,
  opts: { ruleId?: number | null; values?: RuleValues; errors?: Partial<Record<RuleField, RuleError>>; preview?: { values: PreviewValues; result: PreviewResult | null }; status?: 200 | 422 } = {},
) {
  const db = c.var.db;
  const locale = c.var.locale;
  const [rules, users, cats, pricing] = await Promise.all([
    listRules(db, dealer.id),
    companyUsers(db, dealer.id),
    listCategories(db, { activeOnly: true }),
    dealerPricing(db, { tenantId: c.var.tenant.id, dealerId: dealer.id, timeZone: c.var.tenant.timeZone }),
  ]);
  const currency = pricing?.currency ?? 'TRY';
  const tree = buildCategoryTree(cats);
  const carts = (await listCarts(db, { dealerId: dealer.id, userId: c.var.user!.id, canPlace: true })).filter((x) => x.lines > 0);
  const props: RulesPageProps = {
    locale,
    list: { locale, rules, users, categoryNames: new Map(cats.map((x) => [x.id, x.name])) },
    form: { locale, ruleId: opts.ruleId ?? null, values: opts.values ?? emptyRule(currency), errors: opts.errors ?? {}, users, tree },
    preview: {
      users: users.filter((u) => u.status === 'active'),
      carts: carts.map((x) => ({ id: x.id, label: `${x.name} — ${x.owner_name} (${x.lines})` })),
      values: opts.preview?.values ?? { user_id: '', total: '', category_ids: [], cart_id: '' },
      currency,
      result: opts.preview?.result ?? null,
    },
    tree,
    editing: Boolean(opts.ruleId),
  };
  const m = approvalMessages[locale];
  return c.html(portalPage(c, opts.ruleId ? m.editRule(opts.values?.name ?? '') : m.rulesTitle, <RulesPage {...props} />, dealer), opts.status ?? 200);
}

async function rulesDealer(c: Context<AppEnv>): Promise<Dealer | Response> {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  if (!canManageRules(c)) return renderError(c, 403);
  return dealer;
}

approvalRoutes.get('/rules', async (c) => {
  const dealer = await rulesDealer(c);
  if (dealer instanceof Response) return dealer;
  return rulesPage(c, dealer);
});

approvalRoutes.get('/rules/preview', async (c) => {
  const dealer = await rulesDealer(c);
  if (dealer instanceof Response) return dealer;
  const m = approvalMessages[c.var.locale];
  const values: PreviewValues = { user_id: c.req.query('user_id') ?? '', total: (c.req.query('total') ?? '').trim(), category_ids: c.req.queries('category_ids') ?? [], cart_id: c.req.query('cart_id') ?? '' };
  const pricing = await dealerPricing(c.var.db, { tenantId: c.var.tenant.id, dealerId: dealer.id, timeZone: c.var.tenant.timeZone });
  const currency = pricing?.currency ?? 'TRY';
  const users = await companyUsers(c.var.db, dealer.id);
  // A saved cart (APR-4): its lines priced like checkout would; the orderer defaults to its owner.
  const cartId = parseId(values.cart_id);
  const cart = cartId !== null ? await findCart(c.var.db, { dealerId: dealer.id, userId: c.var.user!.id, canPlace: true }, cartId) : undefined;
  let cartTotal: number | null = null;
  let cartProducts: number[] = [];
  if (cart && pricing) {
    const items = await cartItems(c.var.db, cart.id);
    const figures = await cartFigures(c.var.db, pricing, items);
    cartTotal = figures.totals.totalGross;
    cartProducts = items.map((i) => i.productId);
    if (!values.user_id) values.user_id = String(cart.owner_id);
  }
  const userId = parseId(values.user_id);
  const orderer = users.find((u) => u.id === userId);
  let result: PreviewResult;
  let status: 200 | 422 = 200;
  const amount = cartTotal !== null ? { ok: true as const, value: cartTotal } : values.total ? parseMoney(values.total, currency, c.var.locale) : { ok: true as const, value: 0 };
  if (values.cart_id && !cart) {
    result = { error: m.previewCartUnknown, levels: 0, rules: [], approvers: [], ordererName: '', ordererIsApprover: false };
    status = 422;
  } else if (!orderer) {
    result = { error: m.previewPickUser, levels: 0, rules: [], approvers: [], ordererName: '', ordererIsApprover: false };
    status = 422;
  } else if (!amount.ok) {
    result = { error: m.err_money, levels: 0, rules: [], approvers: [], ordererName: '', ordererIsApprover: false };
    status = 422;
  } else {
    const cats = values.category_ids.map((x) => parseId(x)).filter((x): x is number => x !== null);
    const wf = await evaluateApproval(c.var.db, {
      dealerId: dealer.id,
      userId: orderer.id,
      currency,
      totalGross: amount.value,
      productIds: cartProducts,
      categoryIds: cats,
      day: pricing?.date ?? new Date().toISOString().slice(0, 10),
      baseCurrency: pricing?.baseCurrency ?? currency,
    });
    const approvers = wf.levels ? (await stepApprovers(c.var.db, dealer.id, wf.ruleIds)).filter((a) => a.id !== orderer.id) : [];
    result = {
      error: null,
      levels: wf.levels,
      rules: wf.rules,
      approvers: approvers.map((a) => a.name),
      ordererName: orderer.name,
      ordererIsApprover: orderer.approves && wf.levels > 0,
      cartTotal: cartTotal !== null ? formatTotal(cartTotal, currency, c.var.locale) : null,
    };
  }
  c.header('Vary', 'HX-Request', { append: true });
  if (c.req.header('HX-Request') === 'true' && c.req.header('HX-History-Restore-Request') !== 'true') {
    return c.html(<PreviewResultView locale={c.var.locale} result={result} />, status);
  }
  return rulesPage(c, dealer, { preview: { values, result }, status });
});

approvalRoutes.post('/rules', async (c) => {
  const dealer = await rulesDealer(c);
  if (dealer instanceof Response) return dealer;
  const m = approvalMessages[c.var.locale];
  const values = ruleValues(await c.req.parseBody({ all: true }));
  const v = await validateRule(c.var.db, dealer.id, values, c.var.locale, null);
  if (!v.ok) return rulesPage(c, dealer, { values, errors: v.errors, status: 422 });
  const id = await c.var.db.transaction().execute(async (trx) => {
    const id = await createRule(trx, dealer.id, v.value);
    await audit(c, { action: 'approval_rule.created', dealerId: dealer.id, targetType: 'approval_rule', targetId: id, details: { ...v.value } }, trx);
    return id;
  });
  await setFlash(c, { kind: 'success', message: m.created(v.value.name) });
  return c.redirect(`/portal/approvals/rules#rule-${id}`, 303);
});

approvalRoutes.get('/rules/:id/edit', async (c) => {
  const dealer = await rulesDealer(c);
  if (dealer instanceof Response) return dealer;
  const id = idParam(c);
  const rule = id === null ? undefined : await findRule(c.var.db, dealer.id, id);
  if (!rule) return c.notFound();
  return rulesPage(c, dealer, { ruleId: rule.id, values: valuesOfRule(rule, c.var.locale) });
});

approvalRoutes.post('/rules/:id', async (c) => {
  const dealer = await rulesDealer(c);
  if (dealer instanceof Response) return dealer;
  const id = idParam(c);
  const rule = id === null ? undefined : await findRule(c.var.db, dealer.id, id);
  if (!rule) return c.notFound();
  const m = approvalMessages[c.var.locale];
  const values = ruleValues(await c.req.parseBody({ all: true }));
  const v = await validateRule(c.var.db, dealer.id, values, c.var.locale, rule.id);
  if (!v.ok) return rulesPage(c, dealer, { ruleId: rule.id, values, errors: v.errors, status: 422 });
  await c.var.db.transaction().execute(async (trx) => {
    await updateRule(trx, dealer.id, rule.id, v.value);
    await audit(c, { action: 'approval_rule.updated', dealerId: dealer.id, targetType: 'approval_rule', targetId: rule.id, details: { before: { ...rule, created_at: undefined }, after: { ...v.value } } }, trx);
  });
  await setFlash(c, { kind: 'success', message: m.updated(v.value.name) });
  return c.redirect(`/portal/approvals/rules#rule-${rule.id}`, 303);
});

for (const [path, active] of [
  ['deactivation', false],
  ['activation', true],
] as const) {
  approvalRoutes.post(`/rules/:id/${path}`, async (c) => {
    const dealer = await rulesDealer(c);
    if (dealer instanceof Response) return dealer;
    const id = idParam(c);
    const rule = id === null ? undefined : await findRule(c.var.db, dealer.id, id);
    if (!rule) return c.notFound();
    const m = approvalMessages[c.var.locale];
    const changed = await setRuleActive(c.var.db, dealer.id, rule.id, active);
    if (changed) await audit(c, { action: active ? 'approval_rule.activated' : 'approval_rule.deactivated', dealerId: dealer.id, targetType: 'approval_rule', targetId: rule.id, details: { name: rule.name } });
    await setFlash(c, { kind: 'success', message: active ? m.activated(rule.name) : m.deactivated(rule.name) });
    return c.redirect('/portal/approvals/rules', 303);
  });
}

// ---------- queue and decisions (APR-2) ----------

approvalRoutes.get('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const access = await queueAccess(c, dealer);
  if (!access) return renderError(c, 403);
  const m = approvalMessages[c.var.locale];
  const db = c.var.db;
  const [steps, settings] = await Promise.all([pendingSteps(db, dealer.id), cachedSetting(db, c.var.tenant.id, 'approvals')]);
  const names = await ruleNames(db, dealer.id, steps.flatMap((s) => s.rule_ids));
  const withdrawable = isActingStaff(c) ? [] : await withdrawableSteps(db, dealer.id, c.var.user!.id);
  const notes = isActingStaff(c) ? [m.readOnly] : !access.decide ? [m.notApproverNote] : access.lenders.length ? [m.delegateNote(access.lenders.join(', '))] : [];
  return c.html(
    portalPage(
      c,
      m.queueTitle,
      <ApprovalQueue
        locale={c.var.locale}
        timeZone={c.var.tenant.timeZone}
        now={new Date()}
        steps={steps}
        ruleNames={names}
        withdrawable={withdrawable}
        notes={notes}
        canManageRules={canManageRules(c)}
        lateAfterHours={settings.reminderHours}
      />,
      dealer,
    ),
  );
});

/** The decision page's data; null when the step is not one of the dealer's. */
async function decisionData(c: Context<AppEnv>, dealer: Dealer, stepId: number) {
  const db = c.var.db;
  const step = await db
    .selectFrom('order_approvals as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .select(['a.id', 'a.order_id', 'a.status', 'a.rule_ids'])
    .where('a.id', '=', stepId)
    .where('o.dealer_id', '=', dealer.id)
    .executeTakeFirst();
  if (!step) return null;
  const [order, lines, steps, pending] = await Promise.all([
    db
      .selectFrom('orders as o')
      .leftJoin('users as u', 'u.id', 'o.user_id')
      .select(['o.number', 'o.status', 'o.currency', 'u.name as orderer_name', 'o.created_at', 'o.po_number', 'o.payment_method', 'o.note', 'o.shipping_address', 'o.lines_net', 'o.shipping_net', 'o.vat_total', 'o.total_gross', 'o.vat_by_rate'])
      .where('o.id', '=', step.order_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('order_lines').select(['line_no', 'sku', 'name', 'qty', 'unit', 'unit_net', 'line_net', 'vat_rate']).where('order_id', '=', step.order_id).orderBy('line_no').execute(),
    db
      .selectFrom('order_approvals as a')
      .leftJoin('users as d', 'd.id', 'a.decided_by')
      .leftJoin('users as b', 'b.id', 'a.on_behalf_of')
      .select(['a.level', 'a.status', 'd.name as decided_by_name', 'b.name as on_behalf_name'])
      .where('a.order_id', '=', step.order_id)
      .orderBy('a.level')
      .execute(),
    pendingSteps(db, dealer.id, { stepId }),
  ]);
  const names = await ruleNames(db, dealer.id, step.rule_ids);
  return { step, order, lines, steps, pending: pending[0] ?? null, rules: step.rule_ids.map((id) => names.get(id) ?? `#${id}`) };
}

function blockedText(m: (typeof approvalMessages)['en'], e: DecideError): string {
  switch (e) {
    case 'own_order':
      return m.ownOrder;
    case 'same_person':
      return m.sameApprover;
    case 'not_approver':
      return m.notApprover;
    case 'lower_level':
      return m.lowerLevel;
    default:
      return m.notPending;
  }
}

async function decisionPage(
  c: Context<AppEnv>,
  dealer: Dealer,
  stepId: number,
  access: NonNullable<Access>,
  opts: { values?: DecisionProps['values']; errors?: DecisionProps['errors']; status?: 200 | 403 | 409 | 422 } = {},
) {
  const data = await decisionData(c, dealer, stepId);
  if (!data) return c.notFound();
  const m = approvalMessages[c.var.locale];
  let canForm = false;
  let blocked: string | null = null;
  let onBehalfOf: string | null = null;
  if (!data.pending) blocked = data.step.status === 'pending' && data.order.status === 'awaiting_approval' ? m.lowerLevel : m.notPending;
  else if (isActingStaff(c)) blocked = m.readOnly;
  else if (!access.decide) blocked = m.notApprover;
  else {
    const cap = await canDecide(c.var.db, dealer.id, stepId, c.var.user!.id);
    if (cap.ok) {
      canForm = true;
      if (cap.onBehalfOf !== null) onBehalfOf = (await c.var.db.selectFrom('users').select('name').where('id', '=', cap.onBehalfOf).executeTakeFirst())?.name ?? null;
    } else blocked = blockedText(m, cap.error);
  }
  const props: DecisionProps = {
    locale: c.var.locale,
    timeZone: c.var.tenant.timeZone,
    now: new Date(),
    stepId,
    pendingSince: data.pending?.pending_since ?? null,
    order: data.order as DecisionProps['order'],
    lines: data.lines,
    steps: data.steps,
    rules: data.rules,
    canDecide: canForm,
    blocked,
    values: opts.values ?? { code: '', note: '' },
    errors: opts.errors ?? {},
    onBehalfOf,
  };
  return render(c, <DecisionPage {...props} />, (f) => portalPage(c, m.decisionTitle(data.order.number), f, dealer), opts.status ?? 200);
}

approvalRoutes.get('/:id', async (c) => {
  const dealer = await portalDealer(c);
  const id = idParam(c);
  if (!dealer || id === null) return c.notFound();
  const access = await queueAccess(c, dealer);
  if (!access) return renderError(c, 403);
  return decisionPage(c, dealer, id, access);
});

approvalRoutes.post('/:id', async (c) => {
  const dealer = await portalDealer(c);
  const id = idParam(c);
  if (!dealer || id === null) return c.notFound();
  const access = await queueAccess(c, dealer);
  if (!access) return renderError(c, 403);
  const m = approvalMessages[c.var.locale];
  const body = await c.req.parseBody();
  const decision = body.decision === 'reject' ? 'reject' : body.decision === 'approve' ? 'approve' : null;
  const values = { code: '', note: typeof body.note === 'string' ? body.note.trim().slice(0, 1000) : '' };
  const code = typeof body.code === 'string' ? body.code.replace(/\s+/g, '') : '';
  const known = await decisionData(c, dealer, id);
  if (!known) return c.notFound();
  if (isActingStaff(c)) {
    await audit(c, { action: 'approval.refused_while_acting', dealerId: dealer.id, targetType: 'order', targetId: known.step.order_id });
    return renderError(c, 403);
  }
  if (!access.decide) return decisionPage(c, dealer, id, access, { status: 403 });
  const user = c.var.user!;
  const cap = await canDecide(c.var.db, dealer.id, id, user.id);
  if (!cap.ok) {
    if (cap.error === 'not_found') return c.notFound();
    return decisionPage(c, dealer, id, access, { status: cap.error === 'already_decided' || cap.error === 'lower_level' ? 409 : 403 });
  }
  if (!decision) return decisionPage(c, dealer, id, access, { values, errors: { form: m.err_codeRequired }, status: 422 });
  if (!code) return decisionPage(c, dealer, id, access, { values, errors: { code: m.err_codeRequired }, status: 422 });
  const step = await requireFreshTotp(c, code, `order.${decision}`);
  if (!step.ok) {
    const msg =
      step.error === 'replayed' ? m.err_codeReplayed : step.error === 'wait' ? m.err_codeWait(step.retryAfterSeconds ?? 60) : step.error === 'not_enrolled' ? m.err_notEnrolled : m.err_codeInvalid;
    return decisionPage(c, dealer, id, access, { values, errors: { code: msg }, status: 422 });
  }
  const res = await decideStep(c.var.db, { dealerId: dealer.id, stepId: id, userId: user.id, decision, totpStep: step.step, note: values.note, brand: brandOf(c) });
  if (!res.ok) {
    if (res.error === 'not_found') return c.notFound();
    return decisionPage(c, dealer, id, access, { errors: { form: res.error === 'already_decided' ? m.alreadyDecided : blockedText(m, res.error) }, status: res.error === 'already_decided' ? 409 : 403 });
  }
  await audit(c, {
    action: decision === 'approve' ? 'order.approval_approved' : 'order.approval_rejected',
    dealerId: dealer.id,
    targetType: 'order',
    targetId: res.orderId,
    details: { step: id, totpStep: step.step, onBehalfOf: res.onBehalfOf, status: res.status, note: values.note },
  });
  if (res.notificationIds.length) {
    await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, res.notificationIds).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
  }
  const message = decision === 'reject' ? m.rejected(res.number) : res.nextLevel ? m.approvedNext(res.number, res.nextLevel) : m.approved(res.number);
  await setFlash(c, { kind: 'success', message });
  return c.redirect('/portal/approvals', 303);
});

approvalRoutes.post('/:id/withdrawal', async (c) => {
  const dealer = await portalDealer(c);
  const id = idParam(c);
  if (!dealer || id === null) return c.notFound();
  if (isActingStaff(c)) return renderError(c, 403);
  const m = approvalMessages[c.var.locale];
  const res = await withdrawApproval(c.var.db, { dealerId: dealer.id, stepId: id, userId: c.var.user!.id });
  if (!res.ok) {
    if (res.error === 'not_found') return c.notFound();
    await setFlash(c, { kind: 'error', message: m[`withdraw_${res.error}`] });
    return c.redirect('/portal/approvals', 303);
  }
  await audit(c, { action: 'order.approval_withdrawn', dealerId: dealer.id, targetType: 'order', targetId: res.orderId, details: { step: id, level: res.level } });
  await setFlash(c, { kind: 'success', message: m.withdrawn(res.number) });
  return c.redirect('/portal/approvals', 303);
});
