import type { Page } from '@playwright/test';

/** Fills the checkout's contact and address fields with a valid Japanese address. */
export async function fillContactAndAddress(page: Page, name = 'Aiko Tanaka', email = 'aiko@example.com') {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Postal code').fill('150-0001');
  await page.getByLabel('Prefecture').fill('Tokyo');
  await page.getByLabel('City / ward').fill('Shibuya-ku');
  await page.getByLabel('Street address').fill('1-2-3 Jingumae');
}
