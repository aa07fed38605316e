import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { PHONE, expectNoViolations, openGift, pngOf, shot } from './helpers';

// After-sales on the card shop (connected to the Stripe emulator, as in card.spec.ts): a gift's
// recipient (zh) reports a damaged unit with a photo, the merchant (ja console) ships a
// replacement, the sender (en) reads "replaced" and nothing of the recipient; a second unit is
// refunded to the sender's card, and Stripe holds exactly that refund.
const shop = `http://127.0.0.1:${process.env.E2E_CARD_PORT ?? 8095}`;
const stripe = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT ?? 8094}`;

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

/** The recipient reports unit `unit` (from 0) of the gift, from the gift page, in Chinese. */
async function report(page: Page, browser: Browser, claim: string, unit: string, remedy: string, note: string) {
  await openGift(page, `${shop}/g/${claim}`);
  await page.getByTestId('report-problem').click();
  await expect(page.getByRole('heading', { name: '反馈商品问题' })).toBeVisible();
  await page.locator('#item').selectOption(unit);
  await page.getByTestId('problem-damaged').check();
  await page.getByTestId(`remedy-${remedy}`).check();
  await page.getByLabel('详细说明（选填，最多 500 字）').fill(note);
  await page.getByLabel('您的邮箱（商店的答复会发到这里）').fill('xiaoming@example.cn');
  await page.getByTestId('report-photos').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: await pngOf(browser, '#8a5a2b') });
}

test('after-sales: a zh recipient reports a damaged unit with a photo, the ja console ships a replacement, the en sender reads "replaced"; a second unit is refunded to the card', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const run = Date.now();
  const products = await (await request.get(`${shop}/api/products`)).json();
  const product = products.products[0];
  const placed = await request.post(`${shop}/api/checkout`, {
    headers: { 'Idempotency-Key': crypto.randomUUID(), 'accept-language': 'en' },
    data: {
      lines: [{ product_id: product.id, variant_id: product.variants[0].id, quantity: 2 }],
      contact: { name: 'Hana Sato', email: `hana-${run}@example.com`, phone: '' },
      address: { postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      payment: { method: 'card_page' },
      gift: { sender_name: 'Hana', greeting: 'For you both', allow_variant_choice: false },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();
  const unitPrice: number = order.lines[0].unit_price.amount;
  const en = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const sender = await en.newPage();
  await sender.goto(`${shop}/pay/${order.token}`);
  const field = sender.getByTestId('card-field');
  await field.getByPlaceholder('number').fill('4242424242424242');
  await field.getByPlaceholder('exp_month').fill('12');
  await field.getByPlaceholder('exp_year').fill('34');
  await field.getByPlaceholder('cvc').fill('123');
  await field.getByPlaceholder('postal_code').fill('15000');
  await sender.getByTestId('pay').click();
  await sender.waitForURL(`${shop}/o/${order.token}`);
  // Both units claimed at once (this shop's claim window is 15 seconds).
  const claim: string = order.gift.claim_token;
  for (const name of ['王小明', '李华']) {
    const claimed = await request.post(`${shop}/api/gifts/${claim}/claim`, {
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      data: { name, phone: '', address: { postal_code: '530-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1-1', line2: '' } },
    });
    expect(claimed.status()).toBe(200);
  }

  // The recipient, in Chinese, reports the first unit damaged with a photo.
  const zh = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const recipient = await zh.newPage();
  await report(recipient, browser, claim, '0', 'replacement', `盒子压坏了 ${run}`);
  await expectNoViolations(recipient, 'the problem report form with a photo (zh)');
  await recipient.screenshot({ path: shot('report-photo-phone'), fullPage: true });
  await recipient.getByTestId('send-report').click();
  await expect(recipient.getByTestId('report-done')).toHaveText('商店已收到您的反馈，会通过邮件答复。');

  // The merchant, in Japanese, sees the photo, accepts and ships the replacement.
  const ja = await browser.newContext({ locale: 'ja-JP' });
  const console = await ja.newPage();
  await console.goto(`${shop}/console/sign-in`);
  await console.locator('#email').fill('admin@demo.omiyage.test');
  await console.locator('#password').fill('demo-admin-password');
  await console.getByTestId('sign-in').click();
  await expect(console.getByTestId('who')).toBeVisible();
  await console.goto(`${shop}/console/after-sales`);
  const first = console.getByTestId('after-sales-request').filter({ hasText: `盒子压坏了 ${run}` });
  const photo = first.getByTestId('request-photos').locator('img');
  await expect(photo).toHaveCount(1);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await first.getByTestId('accept-request').click();
  await expect(first.getByTestId('request-state')).toHaveText('承諾');
  await first.getByTestId('replacement-tracking').fill(`4455-${run % 10_000}`);
  await first.getByTestId('ship-replacement').click();
  await expect(first.getByTestId('request-replaced')).toContainText('交換品を発送');
  await expectNoViolations(console, 'an accepted after-sales request with its steps (ja)');
  await console.screenshot({ path: shot('after-sales-replaced-console'), fullPage: true });

  // The sender reads what became of it, in English, and nothing of the recipient.
  await sender.reload();
  const units = sender.getByTestId('gift-unit');
  await expect(units.nth(0).getByTestId('gift-unit-problem')).toHaveText('The recipient reported a problem: replaced');
  await expect(units.nth(1).getByTestId('gift-unit-problem')).toHaveCount(0);
  const view = await (await request.get(`${shop}/api/orders/${order.token}`)).text();
  for (const page of [await sender.content(), view]) {
    for (const hidden of ['王小明', '李华', '梅田', '盒子压坏了', 'xiaoming@example.cn']) expect(page).not.toContain(hidden);
  }

  // The second unit: refunded to the sender's card, by the amount the unit paid.
  await report(recipient, browser, claim, '1', 'refund', `也压坏了 ${run}`);
  await recipient.getByTestId('send-report').click();
  await expect(recipient.getByTestId('report-done')).toBeVisible();
  await console.reload();
  const second = console.getByTestId('after-sales-request').filter({ hasText: `也压坏了 ${run}` });
  await second.getByTestId('accept-request').click();
  await expect(second.getByTestId('refund-amount')).toHaveValue(String(unitPrice));
  await second.getByTestId('refund-request').click();
  await expect(second.getByTestId('request-refunded')).toContainText(`${unitPrice.toLocaleString("en")}円`);
  await expect.poll(() => refundsAtStripe(request, order.token), { timeout: 15_000 }).toEqual([unitPrice]);
  await sender.reload();
  await expect(units.nth(1).getByTestId('gift-unit-problem')).toHaveText('The recipient reported a problem: refunded to you');
  await expectNoViolations(sender, 'the sender\'s order page with after-sales outcomes (en)');
  await sender.screenshot({ path: shot('after-sales-sender-phone'), fullPage: true });

  // The console's order lists both requests.
  await console.goto(`${shop}/console/orders/${order.token}`);
  await expect(console.getByTestId('order-request')).toHaveCount(2);
  await en.close();
  await zh.close();
  await ja.close();
});

test('after-sales on a plain order: the shopper (en) reports a line, the merchant refunds it at the counter, and the order page says so', async ({ browser, request }) => {
  const run = Date.now();
  const placed = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': `plain-after-${run}`, 'accept-language': 'en' },
    data: {
      lines: [{ product_id: 'uji-sencha', variant_id: 'uji-sencha-100g', quantity: 2 }],
      contact: { name: 'Emma Brown', email: `emma-${run}@example.com`, phone: '' },
      address: { postal_code: '150-0001', prefecture: '東京都', city: 'Shibuya-ku', line1: '1-2-3 Jingumae', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();
  const en = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const shopper = await en.newPage();
  await shopper.goto(`/o/${order.token}`);
  await shopper.getByTestId('report-problem').click();
  await shopper.getByTestId('problem-damaged').check();
  await shopper.getByTestId('remedy-refund').check();
  await shopper.getByLabel('Details (optional, up to 500 characters)').fill(`Leaves spilled ${run}`);
  await shopper.getByTestId('send-report').click();
  await expect(shopper.getByTestId('report-done')).toBeVisible();

  const console = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  await console.goto('/console/sign-in');
  await console.locator('#email').fill('admin@demo.omiyage.test');
  await console.locator('#password').fill('demo-admin-password');
  await console.getByTestId('sign-in').click();
  await expect(console.getByTestId('who')).toBeVisible();
  await console.goto('/console/after-sales');
  const card = console.getByTestId('after-sales-request').filter({ hasText: `Leaves spilled ${run}` });
  await card.getByTestId('accept-request').click();
  await card.getByTestId('refund-amount').fill('1800');
  await card.getByTestId('refund-request').click();
  await expect(card.getByTestId('request-refunded')).toContainText('1,800円');
  await expect(card.getByTestId('request-refunded')).toContainText('店頭で');

  await shopper.goto(`/o/${order.token}`);
  await expect(shopper.getByTestId('line-problem')).toHaveText('You reported a problem: refunded');
  await shopper.screenshot({ path: shot('after-sales-shopper-phone'), fullPage: true });
  await en.close();
});
