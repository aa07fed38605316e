import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

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
