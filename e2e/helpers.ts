import type { Page } from '@playwright/test';

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
