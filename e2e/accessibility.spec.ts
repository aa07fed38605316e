import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fillContactAndAddress } from './helpers';

// axe-core's WCAG 2 A/AA rules (contrast, labels, roles, names) on every storefront page.
async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what} has accessibility violations`).toEqual([]);
}

test('every storefront page passes axe WCAG 2 AA checks on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  await expectNoViolations(page, 'catalog');

  await page.goto('/p/matcha-kitkat');
  await expect(page.getByTestId('variant-picker')).toBeVisible();
  await expectNoViolations(page, 'product page');
  await page.getByTestId('add-to-cart').click();

  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expectNoViolations(page, 'cart');

  await page.goto('/checkout');
  await page.getByTestId('place-order').click();
  await expect(page.getByLabel('Full name')).toHaveAttribute('aria-invalid', 'true');
  await expectNoViolations(page, 'checkout with errors');

  await fillContactAndAddress(page, 'Ren Ito', 'ren@example.com');
  await page.getByTestId('pay-shop').check();
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-status')).toBeVisible();
  await expectNoViolations(page, 'order page');
});
