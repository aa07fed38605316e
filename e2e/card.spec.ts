import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { fillContactAndAddress, addToCart } from './helpers';

const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

// Card payments on the card page (/pay/<order>) of a shop connected to a Stripe emulator
// (localstripe, started by playwright.config.ts): its Stripe.js stand-in draws the card field
// (plain inputs named number, exp_month, exp_year, cvc, postal_code) and its 3-D Secure dialog.
const shop = `http://127.0.0.1:${process.env.E2E_CARD_PORT ?? 8095}`;
const stripe = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT ?? 8094}`;

/** An order of one demo product awaiting its card (stock held), as the app places it. */
async function orderForTheCardPage(request: APIRequestContext): Promise<{ token: string; total: number }> {
  const products = await (await request.get(`${shop}/api/products`)).json();
  const product = products.products[0];
  const placed = await request.post(`${shop}/api/checkout`, {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [{ product_id: product.id, variant_id: product.variants[0].id, quantity: 1 }],
      contact: { name: 'Aiko Tanaka', email: 'aiko@example.com', phone: '' },
      address: { postal_code: '150-0001', prefecture: '東京都', city: 'Shibuya-ku', line1: '1-2-3 Jingumae', line2: '' },
      payment: { method: 'card_page' },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();
  expect(order.status).toBe('awaiting_payment');
  return { token: order.token, total: order.total.amount };
}

async function enterCard(page: Page, number: string) {
  const field = page.getByTestId('card-field');
  await field.getByPlaceholder('number').fill(number);
  await field.getByPlaceholder('exp_month').fill('12');
  await field.getByPlaceholder('exp_year').fill('34');
  await field.getByPlaceholder('cvc').fill('123');
  await field.getByPlaceholder('postal_code').fill('15000');
}

async function statusOf(request: APIRequestContext, token: string): Promise<string> {
  return (await (await request.get(`${shop}/api/orders/${token}`)).json()).status;
}

test('a shopper pays by card on the card page and sees the paid order', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 390, height: 844 });
  const { token, total } = await orderForTheCardPage(request);
  await page.goto(`${shop}/pay/${token}`);
  expect(await statusOf(request, token)).toBe('awaiting_payment');
  await expect(page.getByTestId('pay-total')).toContainText(total.toLocaleString('en'));
  await enterCard(page, '4242424242424242');
  await page.screenshot({ path: shot('card-page-phone'), fullPage: true });
  await page.getByTestId('pay').click();
  await page.waitForURL(`${shop}/o/${token}`);
  await expect(page.getByTestId('order-status')).toHaveText(/paid/i);
  expect(await statusOf(request, token)).toBe('paid');
  // Stripe holds one payment of exactly the order's total.
  const intents = await (await request.get(`${stripe}/v1/payment_intents?limit=100`, {
    headers: { Authorization: 'Bearer sk_test_e2e' },
  })).json();
  const mine = intents.data.filter((i: { metadata: { order?: string } }) => i.metadata.order === token);
  expect(mine.map((i: { amount: number; status: string }) => [i.amount, i.status])).toEqual([[total, 'succeeded']]);
  expect(errors).toEqual([]);

  await page.setViewportSize({ width: 1280, height: 800 });
  const other = await orderForTheCardPage(request);
  await page.goto(`${shop}/pay/${other.token}`);
  await page.screenshot({ path: shot('card-page-desktop') });
});

test('a declined card says so and leaves the order unpaid, and another card then pays it', async ({ page, request }) => {
  const { token } = await orderForTheCardPage(request);
  await page.goto(`${shop}/pay/${token}`);
  await enterCard(page, '4000000000000341');
  await page.getByTestId('pay').click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('declined');
  await expect(alert).toContainText('Nothing was charged');
  expect(await statusOf(request, token)).toBe('awaiting_payment');
  await expect(page.getByTestId('pay')).toBeEnabled();

  await page.reload();
  await enterCard(page, '4242424242424242');
  await page.getByTestId('pay').click();
  await page.waitForURL(`${shop}/o/${token}`);
  expect(await statusOf(request, token)).toBe('paid');
});

test('a card that needs 3-D Secure completes the challenge', async ({ page, request }) => {
  const { token } = await orderForTheCardPage(request);
  await page.goto(`${shop}/pay/${token}`);
  await enterCard(page, '4000002500003155');
  await page.getByTestId('pay').click();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await page.waitForURL(`${shop}/o/${token}`);
  expect(await statusOf(request, token)).toBe('paid');
});

/** The emulator's refunds of the order's PaymentIntent: amounts, smallest first. */
async function refundsAtStripe(request: APIRequestContext, token: string): Promise<number[]> {
  const auth = { headers: { Authorization: 'Bearer sk_test_e2e' } };
  const intents = await (await request.get(`${stripe}/v1/payment_intents?limit=100`, auth)).json();
  const intent = intents.data.find((i: { metadata: { order?: string } }) => i.metadata.order === token);
  const refunds = await (await request.get(`${stripe}/v1/refunds?limit=100`, auth)).json();
  return refunds.data
    .filter((r: { payment_intent: string }) => r.payment_intent === intent.id)
    .map((r: { amount: number }) => r.amount)
    .sort((a: number, b: number) => a - b);
}

async function adminOpensOrder(page: Page, token: string) {
  await page.goto(`${shop}/console/`);
  await page.getByLabel('Email', { exact: true }).fill('admin@demo.omiyage.test');
  await page.getByLabel('Password').fill('demo-admin-password');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('who')).toHaveText('Demo Admin · Admin');
  await page.goto(`${shop}/console/orders/${token}`);
}

test('the app checks out by card: the card page takes the card and the order is paid', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${shop}/p/tokyo-banana`);
  await addToCart(page);
  await page.goto(`${shop}/checkout`);
  await fillContactAndAddress(page);
  // A card shop asks for no card number here: Stripe.js takes it on the next page.
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  await expect(page.locator('fieldset.payment')).toContainText('secured by Stripe');
  await page.screenshot({ path: shot('card-checkout-phone'), fullPage: true });
  await page.getByTestId('place-order').click();
  await page.waitForURL(/\/pay\/[0-9a-f-]+$/);
  const token = page.url().split('/pay/')[1];
  expect(await statusOf(request, token)).toBe('awaiting_payment');

  await enterCard(page, '4242424242424242');
  await page.getByTestId('pay').click();
  await page.waitForURL(`${shop}/o/${token}`);
  await expect(page.getByTestId('order-status')).toHaveText(/paid/i);
  await expect(page.getByTestId('order-payment')).toHaveText('Card');
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  expect(errors).toEqual([]);
});

test('a card-paid gift that expires is refunded to the card, shown to its sender and the admin', async ({ page, request }) => {
  test.setTimeout(90_000);
  const products = await (await request.get(`${shop}/api/products`)).json();
  const product = products.products[0];
  const variant = product.variants[0];
  const placed = await request.post(`${shop}/api/checkout`, {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [{ product_id: product.id, variant_id: variant.id, quantity: 2 }],
      contact: { name: 'Hana Sato', email: 'hana@example.com', phone: '' },
      address: { postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      payment: { method: 'card_page' },
      gift: { sender_name: 'Hana', greeting: 'Happy holidays', allow_variant_choice: false },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();
  await page.goto(`${shop}/pay/${order.token}`);
  await enterCard(page, '4242424242424242');
  await page.getByTestId('pay').click();
  await page.waitForURL(`${shop}/o/${order.token}`);

  // Nobody claims within the 15-second window: both units go back to the card.
  const unit = order.lines[0].unit_price.amount;
  await expect.poll(() => refundsAtStripe(request, order.token), { timeout: 40_000 }).toEqual([2 * unit]);
  await page.reload();
  await expect(page.getByTestId('gift-unit')).toHaveText([/^#1Expired — refunded/, /^#2Expired — refunded/]);

  await page.setViewportSize({ width: 1280, height: 800 });
  await adminOpensOrder(page, order.token);
  const panel = page.getByTestId('card-payment');
  await expect(panel.getByTestId('card-refunded')).toContainText((2 * unit).toLocaleString('en'));
  await expect(panel.getByTestId('refunds')).toContainText('Gift expired');
  await expect(panel.getByTestId('refunds')).toContainText('Refunded');
  await page.screenshot({ path: shot('console-card-refunds-desktop'), fullPage: true });
});

test('the admin refunds part of a card order in the console, then cancels it with the rest', async ({ page, request }) => {
  const { token, total } = await orderForTheCardPage(request);
  await page.goto(`${shop}/pay/${token}`);
  await enterCard(page, '4242424242424242');
  await page.getByTestId('pay').click();
  await page.waitForURL(`${shop}/o/${token}`);

  await page.setViewportSize({ width: 390, height: 844 });
  await adminOpensOrder(page, token);
  const panel = page.getByTestId('card-payment');
  await expect(panel.getByTestId('card-status')).toHaveText('Paid');
  await expect(panel.getByTestId('intent')).toHaveText(/^pi_/);
  // No reason: the form says so and nothing is refunded.
  await panel.getByLabel('Amount (yen)').fill('500');
  await panel.getByTestId('refund').click();
  await expect(panel.locator('#refund-reason-err')).not.toBeEmpty();
  await panel.getByLabel('Reason').fill('A dented box');
  await panel.getByTestId('refund').click();
  await expect(panel.getByTestId('refund-done')).toBeVisible();
  await expect(panel.getByTestId('card-refundable')).toContainText((total - 500).toLocaleString('en'));
  await expect(panel.getByTestId('refunds')).toContainText('Refund by the admin');
  await expect(panel.getByTestId('refunds')).toContainText('Refunded');
  await page.screenshot({ path: shot('console-card-refund-phone'), fullPage: true });

  await panel.getByLabel('Reason').fill('Out of stock after all');
  await panel.getByTestId('refund-cancel').check();
  await panel.getByTestId('refund').click();
  await expect(page.getByTestId('admin-order-status')).toHaveText('Cancelled');
  await expect(panel.getByTestId('card-status')).toHaveText('Refunded in full');
  await expect.poll(() => refundsAtStripe(request, token), { timeout: 15_000 }).toEqual([500, total - 500].sort((a, b) => a - b));
});
