import { test, expect } from '@playwright/test';
import { fillContactAndAddress } from './helpers';

// The static build with the bundled mock backend (`--features mock`): the whole shopper flow
// with no API server at all. Any request to /api fails the test.
const MOCK = `http://127.0.0.1:${Number(process.env.E2E_MOCK_PORT ?? 8091)}`;

test('the mock build runs the shopper flow with no server and keeps orders in the browser', async ({ page }) => {
  const apiCalls: string[] = [];
  await page.route('**/api/**', (route) => {
    apiCalls.push(route.request().url());
    return route.abort();
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${MOCK}/`);
  await expect(page.getByTestId('demo-note')).toBeVisible();
  await expect(page.getByTestId('product-card')).toHaveCount(14);
  await page.getByTestId('search').fill('hojicha');
  await page.getByTestId('product-card').getByRole('link').click();
  await page.getByTestId('add-to-cart').click();
  await page.goto(`${MOCK}/checkout`);
  await fillContactAndAddress(page, 'Yui Mori', 'yui@example.com');
  await page.getByLabel('Card number').fill('4000 0000 0000 0002');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('checkout-error')).toContainText('declined');
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-status')).toContainText('Paid');
  // The order survives a reload: it lives in this browser's localStorage.
  await page.reload();
  await expect(page.getByTestId('order-lines')).toContainText('Hojicha Latte Mix');
  // Stock was taken in the mock: 2 → 1.
  await page.goto(`${MOCK}/p/hojicha-latte`);
  await expect(page.getByTestId('stock-badge')).toHaveText('Only 1 left');
  await page.screenshot({ path: 'e2e/artifacts/screenshots/mock-product-phone.png' });
  expect(apiCalls).toEqual([]);
});
