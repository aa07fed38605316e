import { expect, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Adds the product shown to the cart once the app has taken over the server's page (a click
 * before that is the browser's own form submission, and adds nothing), and waits until the
 * cart counts it.
 */
export async function addToCart(page: Page) {
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  const count = page.getByTestId('cart-count');
  const before = ((await count.textContent()) ?? '0').trim();
  await page.getByTestId('add-to-cart').click();
  await expect(count).not.toHaveText(before);
}

/**
 * Starts a gift of the product shown once the app has taken over the server's page (a click
 * before that is the browser's own form submission), and waits for the gift's checkout.
 */
export async function sendAsGift(page: Page) {
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await page.getByTestId('send-as-gift').click();
  await expect(page).toHaveURL(/\/checkout\?gift=1$/);
}

/** Fills a valid Japanese shipping address (checkout and gift claim forms). */
export async function fillAddress(page: Page) {
  await page.getByLabel('Postal code').fill('150-0001');
  await page.getByLabel('Prefecture').selectOption({ label: 'Tokyo' });
  await page.getByLabel('City / ward').fill('Shibuya-ku');
  await page.getByLabel('Street address').fill('1-2-3 Jingumae');
}

/** Fills the checkout's contact and address fields. */
export async function fillContactAndAddress(page: Page, name = 'Aiko Tanaka', email = 'aiko@example.com') {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await fillAddress(page);
}

/** Buys a gift through the API (test card) and returns its claim token. */
export async function sendGift(
  request: APIRequestContext,
  line: { product_id: string; variant_id: string; quantity: number },
  gift: { sender_name: string; greeting: string; allow_variant_choice: boolean },
): Promise<string> {
  const sent = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [line],
      contact: { name: gift.sender_name, email: 'sender@example.jp', phone: '' },
      address: { postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      gift,
    },
  });
  expect(sent.status()).toBe(201);
  return (await sent.json()).gift.claim_token;
}
