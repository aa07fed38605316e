import { test, expect, request, type Page } from '@playwright/test';
import { addToCart, fillContactAndAddress } from './helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

/** How many orders the shop has, as its admin reads them (in a context of its own). */
async function orderCount(page: Page): Promise<number> {
  const api = await request.newContext({ baseURL: new URL(page.url()).origin });
  const signedIn = await api.post('/api/auth/sign-in', { data: { email: 'admin@demo.omiyage.test', password: 'demo-admin-password' } });
  expect(signedIn.status()).toBe(200);
  const orders = await (await api.get('/api/admin/orders')).json();
  await api.dispose();
  return orders.length;
}

async function fillCheckout(page: Page, card: string) {
  await fillContactAndAddress(page);
  await page.getByLabel('Card number').fill(card);
}

test('a shopper fills a cart, reloads, pays by test card and follows the order from another browser', async ({ page, browser }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/');
  await expect(page.getByTestId('product-card')).toHaveCount(14);
  await page.screenshot({ path: shot('catalog-phone'), fullPage: false });

  // Filter and search.
  await page.getByRole('link', { name: 'Tea & drinks' }).click();
  await expect(page).toHaveURL(/category=tea/);
  await expect(page.getByTestId('product-card')).toHaveCount(4);
  await page.getByRole('link', { name: 'All' }).click();
  await page.getByTestId('search').fill('furoshiki');
  await expect(page.getByTestId('product-card')).toHaveCount(1);

  // First item: a variant other than the default, quantity 2.
  await page.getByTestId('product-card').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Furoshiki Cloth' })).toBeVisible();
  await page.getByLabel('Sakura pink').check();
  await page.getByTestId('quantity').selectOption('2');
  await page.screenshot({ path: shot('product-phone') });
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('added')).toContainText('Added');

  // Second item.
  await page.goto('/p/genmaicha');
  await addToCart(page);
  await expect(page.getByTestId('cart-count')).toHaveText('3');

  // The cart survives a reload.
  await page.goto('/cart');
  await page.reload();
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await expect(page.getByTestId('total')).toHaveText('¥5,700'); // 2×2,400 + 900, free shipping
  await page.screenshot({ path: shot('cart-phone') });

  await page.getByTestId('to-checkout').click();
  // Inline validation before any request.
  await page.getByTestId('place-order').click();
  await expect(page.locator('#email-err')).toHaveText('Please enter your email.');
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  const before = await orderCount(page);
  await fillCheckout(page, '4242 4242 4242 4242');
  await page.screenshot({ path: shot('checkout-phone'), fullPage: true });
  await page.getByTestId('place-order').click();

  await expect(page.getByTestId('order-placed')).toBeVisible();
  await expect(page).toHaveURL(/\/o\/[0-9a-f-]{36}\?placed=1$/);
  await expect(page.getByTestId('order-status')).toContainText('Paid');
  await expect(page.getByTestId('order-total')).toHaveText('¥5,700');
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await page.screenshot({ path: shot('order-phone'), fullPage: true });
  const link = await page.getByTestId('order-link').inputValue();

  // Another browser (no shared storage) opens the private link.
  const other = await browser.newContext({ viewport: DESKTOP });
  const page2 = await other.newPage();
  await page2.goto(link);
  await expect(page2.getByTestId('order-status')).toContainText('Paid');
  await expect(page2.getByTestId('order-lines')).toContainText('Furoshiki Cloth');
  await expect(page2.getByTestId('order-lines')).toContainText('Sakura pink × 2');
  await expect(page2.getByTestId('order-payment')).toHaveText('Test card ending 4242');
  await page2.screenshot({ path: shot('order-desktop'), fullPage: true });
  await page2.goto('/');
  await expect(page2.getByTestId('product-card')).toHaveCount(14);
  await page2.screenshot({ path: shot('catalog-desktop') });
  await other.close();
  expect(await orderCount(page)).toBe(before + 1);
});

test('a declined card shows the error and creates no order', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/p/tokyo-banana');
  await addToCart(page);
  await page.goto('/checkout');
  const before = await orderCount(page);
  await fillCheckout(page, '4000 0000 0000 0002');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('checkout-error')).toContainText('Your card was declined');
  await expect(page).toHaveURL(/\/checkout$/);
  await page.screenshot({ path: shot('declined-phone'), fullPage: true });
  expect(await orderCount(page)).toBe(before);
  // The cart is kept so the shopper can pay another way.
  await expect(page.getByTestId('cart-count')).toHaveText('1');

  // Paying in the shop then works, with the same cart.
  await page.getByTestId('pay-shop').check();
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-status')).toContainText('Awaiting payment');
  expect(await orderCount(page)).toBe(before + 1);
});

test('a coupon this email has used already is refused next to its field only', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const email = `coupon-${Date.now()}@example.com`;
  for (const attempt of [1, 2]) {
    await page.goto('/p/genmaicha');
    await addToCart(page);
    await page.goto('/checkout');
    await fillContactAndAddress(page, 'Mio Abe', email);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Coupon code (optional)').fill('welcome10');
    await page.getByTestId('place-order').click();
    if (attempt === 1) await expect(page.getByTestId('order-status')).toBeVisible();
  }
  await expect(page.locator('#coupon-err')).toHaveText('This email address has already used this coupon as often as it may.');
  await expect(page.getByTestId('checkout-error')).toHaveCount(0);
  await expect(page).toHaveURL(/\/checkout$/);
});

test('desktop layout of the product and checkout pages', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('/p/matcha-kitkat');
  await expect(page.getByTestId('variant-picker')).toBeVisible();
  await page.screenshot({ path: shot('product-desktop') });
  await addToCart(page);
  await page.goto('/checkout');
  await expect(page.getByTestId('checkout-form')).toBeVisible();
  await page.screenshot({ path: shot('checkout-desktop') });
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
