import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fillContactAndAddress, addToCart, link as linkIn, mail, signUpPromoter } from './helpers';

// Promoter commerce against the real server with --demo accounts.
const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

test('a promoter signs up, joins a plan and shares a link; a shopper buys through it; the dashboard shows the click, the order and the pending commission', async ({ browser }) => {
  // The merchant opens a plan on Matcha KitKat.
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await admin.goto('/console/sign-in');
  await admin.getByRole('button', { name: /Admin:/ }).click();
  await admin.getByTestId('sign-in').click();
  await admin.getByRole('link', { name: 'Promotion plans' }).click();
  await admin.getByTestId('new-plan').getByLabel('Name').fill('Matcha month');
  await admin.getByLabel('Commission (%)').fill('10');
  await admin.getByLabel(/^New-buyer rate/).fill('15');
  await admin.getByLabel('Matcha KitKat').check();
  await admin.getByTestId('create-plan').click();
  await expect(admin.getByTestId('admin-plans')).toContainText('Matcha month · 10 % (new buyers 15 %) · 7-day window');

  // A promoter signs up on a phone and joins it.
  const promoterContext = await browser.newContext({ viewport: { width: 390, height: 844 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const promoter = await promoterContext.newPage();
  await signUpPromoter(promoter, 'Aya Promoter', 'aya@example.com');
  await promoter.getByTestId('join-plan').click();
  await expect(promoter.getByTestId('share-link')).toHaveCount(1);
  await promoter.getByTestId('copy-link').click();
  await expect(promoter.getByTestId('copy-link')).toHaveText('Copied');
  const link = await promoter.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/matcha-kitkat\?ref=[0-9A-Z]{10}$/);
  await expect(promoter.getByTestId('share-url')).toHaveValue(link);

  // The share card: a 1080×1350 PNG whose QR code is the share link.
  const [download] = await Promise.all([promoter.waitForEvent('download'), promoter.getByTestId('share-card').click()]);
  await download.saveAs(shot('share-card'));
  const png = readFileSync(shot('share-card'));
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1080, 1350]);
  expect(execFileSync('target/debug/qr-decode', [shot('share-card')]).toString().trim()).toBe(link);

  // A shopper opens the link in a fresh browser and buys.
  const shopper = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await shopper.goto(link);
  await addToCart(shopper);
  await shopper.goto('/checkout');
  await fillContactAndAddress(shopper, 'Rin Aoki', 'rin@example.com');
  await shopper.getByLabel('Card number').fill('4242 4242 4242 4242');
  await shopper.getByTestId('place-order').click();
  await expect(shopper.getByTestId('order-status')).toBeVisible();
  const token = shopper.url().split('/o/')[1].split('?')[0];
  const order = await (await shopper.request.get(`/api/orders/${token}`)).json();
  // Rin has never ordered here: a new buyer, whose order earns the plan's new-buyer rate.
  const commission = Math.floor((order.subtotal.amount * 15) / 100);
  const yen = (n: number) => `¥${n.toLocaleString('en-US')}`;

  await promoter.reload();
  await expect(promoter.getByTestId('stat-clicks')).toHaveText('1');
  await expect(promoter.getByTestId('stat-orders')).toHaveText('1');
  await expect(promoter.getByTestId('stat-pending')).toHaveText(yen(commission));
  await expect(promoter.getByTestId('stat-new-buyers')).toHaveText('100 %');
  await expect(promoter.getByTestId('product-stats')).toContainText('Matcha KitKat');
  await admin.reload();
  await expect(admin.getByTestId('plan-new-buyers').first()).toHaveText('1 order, 1 by new buyers (100 %)');
  await admin.screenshot({ path: shot('console-plans-desktop'), fullPage: true });

  // Shipped: the commission is confirmed, and (this server holds it 0 days) owed at once.
  const shipped = await admin.request.post(`/api/admin/orders/${token}/ship`, { data: { tracking_number: 'JP-PROMO-1' } });
  expect(shipped.ok()).toBeTruthy();
  await promoter.reload();
  await expect(promoter.getByTestId('balance-owed')).toHaveText(yen(commission));
  await promoter.screenshot({ path: shot('promoter-dashboard-phone'), fullPage: true });

  // The admin pays it with the transfer's reference; the balance drops to zero.
  await admin.getByRole('link', { name: 'Payouts' }).click();
  const row = admin.locator('[data-test="payout-row"][data-email="aya@example.com"]');
  await expect(row.getByTestId('payout-balance')).toHaveText(yen(commission));
  await row.getByLabel('Transfer reference').fill('MIZUHO-0001');
  await row.getByTestId('pay-out').click();
  await expect(row.getByTestId('payout-balance')).toHaveText('¥0');
  await admin.screenshot({ path: shot('console-payouts-desktop'), fullPage: true });
  await promoter.reload();
  await expect(promoter.getByTestId('balance-owed')).toHaveText('¥0');
  await expect(promoter.getByTestId('balance-paid')).toHaveText(yen(commission));
  await expect(promoter.getByTestId('payouts-received')).toContainText('MIZUHO-0001');
});

test('an invite-only plan shows only to the promoters the admin invited', async ({ browser }) => {
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await admin.goto('/console/sign-in');
  await admin.getByRole('button', { name: /Admin:/ }).click();
  await admin.getByTestId('sign-in').click();
  await admin.getByRole('link', { name: 'Promotion plans' }).click();
  await admin.getByTestId('new-plan').getByLabel('Name').fill('Friends of the shop');
  await admin.getByLabel('Tokyo Banana').check();
  await admin.getByLabel('Open to every promoter (otherwise invite-only)').uncheck();
  await admin.getByTestId('create-plan').click();
  await expect(admin.getByTestId('admin-plans')).toContainText('Friends of the shop');
  await admin.getByTestId('invite').first().selectOption({ label: 'Demo Promoter <promoter@demo.omiyage.test>' });
  await expect(admin.getByTestId('invited')).toBeVisible();

  const invited = await (await browser.newContext()).newPage();
  await invited.goto('/console/sign-in');
  await invited.getByRole('button', { name: /Promoter:/ }).click();
  await invited.getByTestId('sign-in').click();
  await expect(invited.getByTestId('plans')).toContainText('Friends of the shop');

  const other = await (await browser.newContext()).newPage();
  await signUpPromoter(other, 'Not Invited', 'not-invited@example.com');
  // Once the plans section has loaded (a list, or the no-plans text), the invite-only one is absent.
  await expect(other.getByTestId('plans').or(other.getByTestId('promoter-home'))).toBeVisible();
  await expect(other.getByText('Friends of the shop')).toHaveCount(0);
});

test('the admin sets promoter levels; a promoter sees their level and what the next one needs', async ({ browser }) => {
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await admin.goto('/console/sign-in');
  await admin.getByRole('button', { name: /Admin:/ }).click();
  await admin.getByTestId('sign-in').click();
  await admin.getByRole('link', { name: 'Promotion plans' }).click();
  const levels = admin.getByTestId('levels');
  await levels.getByTestId('add-level').click();
  await levels.getByTestId('add-level').click();
  await expect(levels.getByTestId('level-row')).toHaveCount(2);
  // A ladder that does not rise is refused, field by field.
  await levels.getByTestId('save-levels').click();
  await expect(levels.getByText('Each level must ask for more than the one below it.')).toBeVisible();
  await levels.getByLabel('Orders').nth(0).fill('1');
  await levels.getByLabel('Bonus').nth(0).fill('1');
  await levels.getByLabel('Sales').nth(1).fill('50000');
  await levels.getByLabel('Orders').nth(1).fill('10');
  await levels.getByLabel('Bonus').nth(1).fill('2.5');
  await levels.getByTestId('save-levels').click();
  await expect(levels.getByTestId('levels-saved')).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('levels').getByLabel('Bonus').nth(1)).toHaveValue('2.5');
  await admin.getByTestId('levels').screenshot({ path: shot('console-levels-desktop') });

  const promoter = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await promoter.goto('/console/sign-in');
  await promoter.getByRole('button', { name: /Promoter:/ }).click();
  await promoter.getByTestId('sign-in').click();
  await expect(promoter.getByTestId('my-level')).toBeVisible();
  await expect(promoter.getByTestId('level-next')).toContainText('To reach ★');
  await promoter.screenshot({ path: shot('promoter-level-phone'), fullPage: true });
});

test('an agency invites a promoter and joins a plan for them; one shopper buys through the link, another with the promoter\'s coupon code; both dashboards show the split; the admin pays the promoter', async ({ browser }) => {
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await admin.goto('/console/sign-in');
  await admin.getByRole('button', { name: /Admin:/ }).click();
  await admin.getByTestId('sign-in').click();
  await admin.getByRole('link', { name: 'Promotion plans' }).click();
  await admin.getByTestId('new-plan').getByLabel('Name').fill('Agency month');
  await admin.getByLabel('Commission (%)').fill('10');
  await admin.getByLabel('Tokyo Banana').check();
  await admin.getByTestId('create-plan').click();
  await expect(admin.getByTestId('admin-plans')).toContainText('Agency month');
  await expect(admin.getByTestId('agencies')).toContainText('Demo Agency <agency@demo.omiyage.test> · 20 %');

  // The demo agency invites Sora by email.
  const agency = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await agency.goto('/console/sign-in');
  await agency.getByRole('button', { name: /Agency:/ }).click();
  await agency.getByTestId('sign-in').click();
  await agency.getByTestId('invite-promoter').getByLabel('Email', { exact: true }).fill('sora@example.com');
  await agency.getByTestId('send-invite').click();
  await expect(agency.getByTestId('agency-invites')).toContainText('sora@example.com · waiting');

  // Sora opens the invitation emailed to her on a phone: she has no account yet, so she signs
  // in… by signing up first (through the link emailed for that), then opens the invitation's
  // link again, now signed in, and accepts.
  const invitation = linkIn(await mail('sora@example.com', /Demo Agency invites you/), /\/console\/invites\/[0-9a-f-]+\?token=[0-9a-f]+/);
  const promoterContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const promoter = await promoterContext.newPage();
  await promoter.goto(invitation);
  await expect(promoter).toHaveURL(/\/console\/sign-in\?next=/);
  await signUpPromoter(promoter, 'Sora Promoter', 'sora@example.com');
  await expect(promoter.getByTestId('invitations')).toContainText('Demo Agency');
  await expect(promoter.getByTestId('invitation-note')).toContainText('sora@example.com');
  await expect(promoter.getByTestId('accept-invite')).toHaveCount(0);
  await promoter.goto(invitation);
  await expect(promoter.getByTestId('invitation')).toContainText('Demo Agency');
  await promoter.screenshot({ path: shot('console-invitation-phone'), fullPage: true });
  await promoter.getByTestId('accept-invite').click();
  await expect(promoter.getByTestId('my-agency')).toContainText('Demo Agency');
  await expect(promoter.getByTestId('invitations')).toHaveCount(0);

  // The agency joins the plan for Sora.
  await agency.reload();
  const row = agency.locator('[data-test="agency-promoter"][data-email="sora@example.com"]');
  await row.getByTestId('promoter-plans').click();
  await row.locator('.plan-choice', { hasText: 'Agency month' }).getByTestId('join-for').click();
  await expect(row.locator('.plan-choice', { hasText: 'Agency month' })).toContainText('Joined');

  // A shopper buys through Sora's Tokyo Banana link; the admin ships it.
  await promoter.reload();
  await expect(promoter.getByTestId('my-agency')).toContainText('Demo Agency');
  const link = await promoter.getByTestId('share-link').filter({ hasText: 'Tokyo Banana' }).getByTestId('share-url').inputValue();
  const shopper = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await shopper.goto(link);
  await addToCart(shopper);
  await shopper.goto('/checkout');
  await fillContactAndAddress(shopper, 'Yui Ono', 'yui@example.com');
  await shopper.getByLabel('Card number').fill('4242 4242 4242 4242');
  await shopper.getByTestId('place-order').click();
  await expect(shopper.getByTestId('order-status')).toBeVisible();
  const token = shopper.url().split('/o/')[1].split('?')[0];

  // The admin gives Sora a coupon code (¥300 off Tokyo Banana): a code said aloud works where
  // a link cannot, and credits Sora like the link.
  await admin.getByRole('link', { name: 'Coupons' }).click();
  const form = admin.getByTestId('new-coupon');
  await form.getByLabel('Code (3–20 letters and digits)').fill('SORA300');
  await form.getByTestId('coupon-fixed').check();
  await form.getByLabel('Amount off (% or ¥)').fill('300');
  await form.getByTestId('coupon-promoter').selectOption({ label: 'Sora Promoter <sora@example.com>' });
  await form.getByLabel('Tokyo Banana').check();
  await admin.getByTestId('create-coupon').click();
  const couponRow = admin.locator('[data-test="coupon"][data-code="SORA300"]');
  await expect(couponRow).toContainText('Sora Promoter');
  // The admin caps it at 50 uses: the form takes the coupon's terms, the row shows the cap.
  await couponRow.getByTestId('coupon-edit').click();
  await expect(form.getByRole('heading')).toHaveText('Edit coupon SORA300');
  await expect(form.getByLabel('Amount off (% or ¥)')).toHaveValue('300');
  await form.getByLabel('Uses in all (blank: no limit)').fill('50');
  await admin.getByTestId('create-coupon').click();
  await expect(couponRow.getByTestId('coupon-uses')).toHaveText('0 / 50');
  await expect(form.getByRole('heading')).toHaveText('New coupon');
  await promoter.reload();
  await expect(promoter.getByTestId('my-coupon')).toContainText('SORA300');

  // Another shopper, with no link, types the code at checkout (loosely: case, a space, a hyphen).
  const second = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await second.goto('/p/tokyo-banana');
  await addToCart(second);
  await second.goto('/checkout');
  await fillContactAndAddress(second, 'Kai Mori', 'kai@example.com');
  await second.getByLabel('Card number').fill('4242 4242 4242 4242');
  // A mistyped code is refused by name, next to the field, and nothing is placed.
  await second.getByLabel('Coupon code (optional)').fill('SORA301');
  await second.getByTestId('place-order').click();
  await expect(second.locator('#coupon-err')).toHaveText('This coupon code does not exist. Check how it is spelled.');
  await expect(second).toHaveURL(/\/checkout$/);
  await second.getByLabel('Coupon code (optional)').fill(' sora-300');
  await second.getByTestId('place-order').click();
  await expect(second.getByTestId('order-status')).toBeVisible();
  await expect(second.getByTestId('subtotal')).toContainText('(Coupon −¥300)');
  await expect(second.getByTestId('order-total')).toHaveText('¥1,600');
  await second.screenshot({ path: shot('coupon-order-phone'), fullPage: true });
  const secondToken = second.url().split('/o/')[1].split('?')[0];
  await admin.reload();
  await expect(couponRow.getByTestId('coupon-uses')).toHaveText('1 / 50');
  await expect(couponRow.getByTestId('coupon-discounted')).toHaveText('¥300');
  await admin.screenshot({ path: shot('console-coupons-desktop'), fullPage: true });

  // Commission on what each order paid, split 80/20 with the agency, both new buyers.
  const yen = (n: number) => `¥${n.toLocaleString('en-US')}`;
  let commission = 0;
  let agencyPart = 0;
  for (const [t, tracking] of [[token, 'JP-AGENCY-1'], [secondToken, 'JP-AGENCY-2']]) {
    const order = await (await shopper.request.get(`/api/orders/${t}`)).json();
    const paid = order.lines.reduce((sum: number, l: { line_total: { amount: number }; discount?: number }) => sum + l.line_total.amount - (l.discount ?? 0), 0);
    const c = Math.floor(paid / 10);
    commission += c;
    agencyPart += Math.floor(c / 5);
    const shipped = await admin.request.post(`/api/admin/orders/${t}/ship`, { data: { tracking_number: tracking } });
    expect(shipped.ok()).toBeTruthy();
  }
  expect(commission).toBe(130 + 100);

  await agency.reload();
  await expect(row.getByTestId('agency-part')).toHaveText(yen(agencyPart));
  await expect(row.getByTestId('promoter-part')).toHaveText(yen(commission - agencyPart));
  await expect(row.getByTestId('agency-new-buyers')).toHaveText('100 %');
  await expect(agency.getByTestId('balance-owed')).toHaveText(yen(agencyPart));
  await agency.screenshot({ path: shot('agency-dashboard-desktop'), fullPage: true });
  await promoter.reload();
  await expect(promoter.getByTestId('stat-orders')).toHaveText('2');
  await expect(promoter.getByTestId('stat-coupon-orders')).toHaveText('1');
  await expect(promoter.getByTestId('stat-conversion')).toHaveText('100 %');
  await expect(promoter.getByTestId('stat-new-buyers')).toHaveText('100 %');
  await expect(promoter.getByTestId('balance-owed')).toHaveText(yen(commission - agencyPart));
  await promoter.screenshot({ path: shot('agency-promoter-phone'), fullPage: true });

  // The admin pays Sora; Sora's balance drops to zero.
  await admin.getByRole('link', { name: 'Payouts' }).click();
  const payout = admin.locator('[data-test="payout-row"][data-email="sora@example.com"]');
  await expect(payout.getByTestId('payout-balance')).toHaveText(yen(commission - agencyPart));
  await payout.getByLabel('Transfer reference').fill('MIZUHO-0002');
  await payout.getByTestId('pay-out').click();
  await expect(payout.getByTestId('payout-balance')).toHaveText('¥0');
  await promoter.reload();
  await expect(promoter.getByTestId('balance-owed')).toHaveText('¥0');
});
