import { expect, test, type Page } from '@playwright/test';
import { PHONE, addToCart, expectNoViolations, fillContactAndAddress, shot, signInMember } from './helpers';

// Members' points and ranks on the card shop (connected to the Stripe emulator, as in
// card.spec.ts, so the admin can refund): a member earns points when their order ships, reaches
// a rank whose free shipping and rate show at checkout, spends the points there (the order page
// and the receipt show the split), and refunds give the spent points back and take the earned
// ones back.
const shop = `http://127.0.0.1:${process.env.E2E_CARD_PORT ?? 8095}`;

async function enterCard(page: Page) {
  const field = page.getByTestId('card-field');
  await field.getByPlaceholder('number').fill('4242424242424242');
  await field.getByPlaceholder('exp_month').fill('12');
  await field.getByPlaceholder('exp_year').fill('34');
  await field.getByPlaceholder('cvc').fill('123');
  await field.getByPlaceholder('postal_code').fill('15000');
}

/** Puts one Uji sencha 100 g in the cart and opens the checkout. */
async function toCheckout(page: Page) {
  await page.goto(`${shop}/p/uji-sencha`);
  await addToCart(page);
  await page.goto(`${shop}/checkout`);
}

/** Places the checkout's order signed in (spending all points when `spend`) and pays by card. */
async function buy(page: Page, email: string, spend: boolean): Promise<string> {
  await fillContactAndAddress(page, 'Hana Sato', email);
  if (spend) {
    await page.getByTestId('points-all').click();
  }
  await page.getByTestId('place-order').click();
  await page.waitForURL(/\/pay\//);
  await enterCard(page);
  await page.getByTestId('pay').click();
  await page.waitForURL(/\/o\/[0-9a-f-]+$/);
  await expect(page.getByTestId('order-status')).toHaveText(/paid/i);
  return page.url().split('/o/')[1];
}

test('a member earns points when an order ships, spends them with a rank\'s free shipping, and refunds move them back', async ({ browser, request }) => {
  const email = `points-${Date.now()}@example.com`;
  // The merchant sets the rules in the console, in Japanese: 10 % back; Silver from ¥1,000 a
  // year: 20 % back and free shipping from ¥1,000.
  const ja = await browser.newContext({ locale: 'ja-JP' });
  const merchant = await ja.newPage();
  await merchant.goto(`${shop}/console/sign-in`);
  await merchant.locator('#email').fill('admin@demo.omiyage.test');
  await merchant.locator('#password').fill('demo-admin-password');
  await merchant.getByTestId('sign-in').click();
  await expect(merchant.getByTestId('who')).toBeVisible();
  await merchant.goto(`${shop}/console/points`);
  await expect(merchant.getByRole('heading', { name: '会員ポイントとランク' })).toBeVisible();
  await expect(merchant.locator('#points-expiry')).toHaveValue('365');
  await merchant.locator('#points-rate').fill('10');
  if ((await merchant.getByTestId('rank-row').count()) === 0) {
    await merchant.getByTestId('add-rank').click();
  }
  await merchant.locator('#rank-0-name').fill('Silver');
  await merchant.locator('#rank-0-spend').fill('1000');
  await merchant.locator('#rank-0-rate').fill('20');
  await merchant.locator('#rank-0-free').fill('1000');
  await merchant.getByTestId('save-points').click();
  await expect(merchant.getByTestId('points-saved')).toBeVisible();
  await expectNoViolations(merchant, 'the console\'s points and ranks');
  await merchant.screenshot({ path: shot('console-points'), fullPage: true });
  await ja.close();

  const signedIn = await request.post(`${shop}/api/auth/sign-in`, {
    data: { email: 'admin@demo.omiyage.test', password: 'demo-admin-password' },
  });
  expect(signedIn.status()).toBe(200);
  const rules = await (await request.get(`${shop}/api/admin/points`)).json();
  expect(rules.rate_bps).toBe(1000);
  expect(rules.ranks).toEqual([{ name: 'Silver', from_spend: 1000, rate_bps: 2000, free_shipping_from: 1000 }]);
  const admin = async (path: string, data: object) => {
    const r = await request.post(`${shop}${path}`, { data });
    expect(r.status(), await r.text()).toBe(200);
  };

  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const page = await context.newPage();
  await signInMember(page, email, /Sign in to Omiyage/, shop);
  await expect(page.getByTestId('points-balance')).toHaveText('0');
  await expect(page.getByTestId('next-rank')).toContainText('Silver');
  // Their birthday, for a rank's birthday coupon.
  await page.getByTestId('birth-month').selectOption('2');
  await page.getByTestId('birth-day').selectOption('3');
  await page.getByTestId('member-save-preferences').click();
  await expect(page.getByTestId('preferences-saved')).toBeVisible();
  await expect(page.getByTestId('birth-day')).toHaveValue('3');

  // The first order (¥1,800 + ¥600 shipping) earns 10 % of its goods once shipped.
  await toCheckout(page);
  const first = await buy(page, email, false);
  await page.goto(`${shop}/account`);
  await expect(page.getByTestId('points-balance')).toHaveText('0');
  await admin(`/api/admin/orders/${first}/ship`, { tracking_number: '1234-5678-9012' });
  await page.goto(`${shop}/account`);
  await expect(page.getByTestId('points-balance')).toHaveText('180');
  await expect(page.getByTestId('member-rank')).toHaveText('Silver');
  await expect(page.getByTestId('rank-benefits')).toContainText('free shipping from ¥1,000');
  await expectNoViolations(page, 'My page with points');
  await page.screenshot({ path: shot('member-points-phone'), fullPage: true });

  // The checkout shows the points and the rank; all 180 are spent and Silver ships it free.
  await toCheckout(page);
  await expect(page.getByTestId('points-standing')).toContainText('You have 180 points');
  await expect(page.getByTestId('points-standing')).toContainText('Silver rank: 20% back in points');
  await expect(page.getByTestId('points-standing')).toContainText('free shipping from ¥1,000');
  await expectNoViolations(page, 'the checkout with points');
  await page.screenshot({ path: shot('checkout-points-phone'), fullPage: true });
  const second = await buy(page, email, true);
  await expect(page.getByTestId('order-total')).toContainText('1,620');
  await expect(page.getByTestId('subtotal')).toContainText('Points −¥180');
  await page.goto(`${shop}/o/${second}/receipt`);
  await expect(page.getByTestId('receipt-points')).toContainText('−¥180');
  await page.goto(`${shop}/account`);
  await expect(page.getByTestId('points-balance')).toHaveText('0');

  // Cancelled and refunded: the 180 points come back. The first order refunded in full: what
  // it earned goes back, and its spend no longer counts for the rank.
  await admin(`/api/admin/orders/${second}/refund`, { amount: 1620, reason: 'Out of stock', cancel: true });
  await page.goto(`${shop}/account`);
  await expect(page.getByTestId('points-balance')).toHaveText('180');
  await admin(`/api/admin/orders/${first}/refund`, { amount: 2400, reason: 'Damaged', cancel: false });
  await page.goto(`${shop}/account`);
  await expect(page.getByTestId('points-balance')).toHaveText('0');
  await expect(page.getByTestId('member-rank')).toHaveText('No rank yet');
  await expect(page.getByTestId('points-entry')).toHaveCount(4);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: shot('member-points-desktop'), fullPage: true });
  await context.close();
});
