import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { appReady, fillAddress } from './helpers';

// Offline shop gifting: staff print prepaid gift cards; a recipient types a card's code.
const PHONE = { width: 390, height: 844 };
const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

async function signInAsStaff(page: Page) {
  await page.goto('/console/sign-in');
  await page.getByLabel('Email', { exact: true }).fill('staff@demo.omiyage.test');
  await page.getByLabel('Password').fill('demo-staff-password');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('shop-name')).toHaveText('Demo Shop Asakusa');
}

// Batches hold stock, and every spec shares the demo shop's: a large batch takes a product with
// plenty of it, so the shopper tests that follow still find Tokyo Banana in stock.
async function createBatch(page: Page, count: number, greeting: string, variant = 'tokyo-banana|tokyo-banana-8') {
  await page.getByRole('link', { name: 'Gift batches' }).click();
  await page.getByTestId('batch-variant').selectOption(variant);
  await page.getByLabel('Codes (1–500)').fill(String(count));
  await page.getByLabel('Greeting (optional, up to 100 characters)').fill(greeting);
  await page.getByTestId('create-batch').click();
  await expect(page.getByTestId('code-row')).toHaveCount(count);
}

test('staff print a batch of 3; a recipient types a code in lower case with spaces and claims it', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsStaff(page);
  await createBatch(page, 3, 'Thank you for visiting Asakusa!');
  const codes = (await page.locator('[data-test=code-row] td.mono').allInnerTexts()).map((c) => c.trim());
  const code = codes[0];
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  const batchUrl = page.url();

  await page.getByTestId('print-view').click();
  await expect(page.getByTestId('print-progress')).toHaveText('3 cards on 1 A4 sheet: ready to print.');
  await expect(page.getByTestId('card-code')).toHaveText(codes);
  await page.screenshot({ path: shot('batch-print-view'), fullPage: true });
  // Every card tells how to claim in Japanese, Chinese and English, with the deadline.
  const how = page.getByTestId('card-how').first();
  await expect(how.locator('p[lang=ja]')).toContainText('受け取り期限：');
  await expect(how.locator('p[lang=ja]')).toContainText('23:59まで');
  await expect(how.locator('p[lang="zh-Hans"]')).toContainText('领取截止：');
  const cardDeadline = ((await how.locator('p[lang=en]').innerText()).match(/Claim by (.+)$/) ?? [])[1];
  expect(cardDeadline).toMatch(/, 23:59 \(JST\)$/);

  const recipient = await (await browser.newContext({ viewport: PHONE })).newPage();
  await recipient.goto('/claim');
  await recipient.getByLabel('Gift code').fill('not a code');
  await recipient.getByTestId('find-gift').click();
  // The browser refused the typo before any request: still on the form, the field invalid.
  await expect(recipient).toHaveURL(/\/claim$/);
  expect(await recipient.getByLabel('Gift code').evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  // As a Japanese keyboard may leave it: full-width lower case, long-vowel marks for dashes.
  const typed = [...code.toLowerCase()].map((c) => (c === '-' ? 'ー' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
  await recipient.getByLabel('Gift code').fill(typed);
  await recipient.screenshot({ path: shot('claim-code-phone'), fullPage: true });
  await recipient.getByTestId('find-gift').click();
  await expect(recipient).toHaveURL(/\/g\/[0-9a-f-]{36}$/);
  await expect(recipient.getByTestId('greeting')).toHaveText('Thank you for visiting Asakusa!');
  await expect(recipient.getByTestId('sender-name')).toHaveText('Demo Shop Asakusa');
  await recipient.getByTestId('open-gift').click();
  await appReady(recipient);
  // The claim page names the same deadline as the printed card.
  await expect(recipient.getByTestId('claim-deadline')).toHaveText(`Claim by ${cardDeadline}`);
  await recipient.getByLabel('Full name').fill('Lena Fischer');
  await fillAddress(recipient);
  await recipient.screenshot({ path: shot('claim-page-phone'), fullPage: true });
  await recipient.getByTestId('claim').click();
  await expect(recipient.getByTestId('claimed')).toBeVisible();

  await page.goto(batchUrl);
  await expect(page.getByTestId('batch-counts')).toHaveText('2 unclaimed · 1 claimed · 0 shipped · 0 voided · 0 expired');
  const states = await page.getByTestId('code-state').allInnerTexts();
  expect(states.filter((s) => s === 'Claimed')).toHaveLength(1);
  await page.screenshot({ path: shot('batch-page-desktop'), fullPage: true });
});

test('the print view of 20 codes is 3 A4 pages with every code, and its QR codes open the claim links', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsStaff(page);
  await createBatch(page, 20, 'Enjoy!', 'genmaicha|genmaicha-200g');
  const codes = (await page.locator('[data-test=code-row] td.mono').allInnerTexts()).map((c) => c.trim());
  expect(codes).toHaveLength(20);
  await page.getByTestId('print-view').click();
  await expect(page.getByTestId('print-progress')).toHaveText('20 cards on 3 A4 sheets: ready to print.');

  // A QR code as rendered decodes to its card's claim link.
  const first = page.getByTestId('gift-card').first();
  await first.locator('.qr').screenshot({ path: shot('batch-card-qr') });
  const decoded = execFileSync('target/debug/qr-decode', [shot('batch-card-qr')]).toString().trim();
  expect(decoded).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/g\/[0-9a-f-]{36}$/);
  const batch = await (await page.request.get(`/api/batches/${page.url().split('/').at(-2)}`)).json();
  expect(decoded.endsWith(`/g/${batch.codes[0].claim_token}`)).toBe(true);

  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  writeFileSync('e2e/artifacts/batch-20.pdf', pdf);
  const info = execFileSync('pdfinfo', ['e2e/artifacts/batch-20.pdf']).toString();
  expect(info).toMatch(/Pages:\s+3\n/);
  expect(info).toMatch(/Page size:.*\(A4\)/);
  const text = execFileSync('pdftotext', ['-layout', 'e2e/artifacts/batch-20.pdf', '-']).toString();
  for (const code of codes) expect(text).toContain(code);
  expect(text).not.toContain('Gift batches'); // no console chrome on paper
});
