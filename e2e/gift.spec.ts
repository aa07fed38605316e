import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { appReady, fillAddress, openGift, sendAsGift } from './helpers';

const PHONE = { width: 390, height: 844 };
const SHORT_WINDOW = `http://127.0.0.1:${Number(process.env.E2E_SHORT_WINDOW_PORT ?? 8092)}`;
const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;
const XSS = '<img src=x onerror=alert(1)>';

/** Buys the current product page's variant as a gift; returns the claim link. */
async function buyGift(page: Page, greeting: string, allowChoice: boolean, quantity = '1'): Promise<string> {
  await appReady(page);
  await page.getByTestId('quantity').selectOption(quantity);
  await sendAsGift(page);
  await expect(page.getByTestId('as-gift')).toBeChecked();
  await page.getByLabel('Full name').fill('Hana Sato');
  await page.getByLabel('Email', { exact: true }).fill('hana@example.com');
  await page.getByLabel('Your name (shown to the recipient)').fill('Hana');
  await page.getByTestId('greeting').fill(greeting);
  if (allowChoice) await page.getByTestId('allow-choice').check();
  await expect(page.getByLabel('Postal code')).toBeHidden();
  // Gifts ship free: the summary says so before the server confirms it.
  await expect(page.locator('.summary .totals dd').nth(1)).toHaveText('Free');
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('sender-gift')).toBeVisible();
  return page.getByTestId('gift-link').inputValue();
}

async function claimAs(page: Page, link: string, name: string, variant?: string) {
  await openGift(page, link);
  await expect(page.getByTestId('claim-form')).toBeVisible();
  if (variant) await page.getByLabel(variant).check();
  await page.getByLabel('Full name').fill(name);
  await fillAddress(page);
  await page.getByTestId('claim').click();
  await expect(page.getByTestId('claimed')).toBeVisible();
}

test('a gift is sent with a greeting, claimed in another browser with another variant, and the sender never sees the address', async ({ page, browser }) => {
  const dialogs: string[] = [];
  await page.setViewportSize(PHONE);
  page.on('dialog', (d) => { dialogs.push(d.message()); return d.dismiss(); });
  await page.goto('/p/furoshiki');
  const link = await buyGift(page, `Happy birthday! ${XSS}`, true);
  expect(link).toMatch(/\/g\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('sender-greeting')).toHaveText(`Happy birthday! ${XSS}`);
  await expect(page.getByTestId('gift-unit')).toHaveText(['#1Waiting to be claimed']);
  await expect(page.getByTestId('gift-unit-time')).toHaveText(['']);
  await page.screenshot({ path: shot('gift-sender-phone'), fullPage: true });

  // The QR code on the page decodes to exactly the claim link.
  await page.getByTestId('qr').screenshot({ path: shot('gift-qr') });
  const decoded = execFileSync('target/debug/qr-decode', [shot('gift-qr')]).toString().trim();
  expect(decoded).toBe(link);

  // The downloadable gift card: a 1080×1350 PNG whose QR code decodes to the claim link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-card').click()]);
  expect(download.suggestedFilename()).toBe('omiyage-gift.png');
  await download.saveAs(shot('gift-card'));
  const png = readFileSync(shot('gift-card'));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1080, 1350]);
  expect(execFileSync('target/debug/qr-decode', [shot('gift-card')]).toString().trim()).toBe(link);
  await expect(page.getByTestId('card-error')).toBeHidden();

  // The recipient, in a fresh browser context.
  const other = await browser.newContext({ viewport: PHONE });
  const recipient = await other.newPage();
  recipient.on('dialog', (d) => { dialogs.push(d.message()); return d.dismiss(); });
  await recipient.goto(link);
  await expect(recipient.getByTestId('greeting')).toHaveText(`Happy birthday! ${XSS}`);
  await expect(recipient.getByTestId('sender-name')).toHaveText('Hana');
  await expect(recipient.locator('.greeting-card img')).toHaveCount(0);
  await recipient.screenshot({ path: shot('gift-recipient-phone'), fullPage: true });
  await claimAs(recipient, link, 'Kenta Yamada', 'Sakura pink');
  await expect(recipient.getByTestId('claimed-variant')).toHaveText('Sakura pink');
  await recipient.screenshot({ path: shot('gift-claimed-phone') });

  // A second claim of the same link gets a clear page.
  await openGift(recipient, link);
  await expect(recipient.getByTestId('gift-closed')).toHaveText('This gift has already been claimed.');
  await other.close();

  await page.reload();
  await expect(page.getByTestId('gift-unit')).toHaveText([/^#1Claimed\w{3} \d{1,2} \w{3} 2\d{3}, \d{2}:\d{2} \(JST\)$/]);
  await expect(page.getByTestId('gift-opened')).toBeVisible();
  const senderText = await page.locator('main').innerText();
  for (const secret of ['Kenta', 'Jingumae', '150-0001', 'Shibuya']) expect(senderText).not.toContain(secret);
  expect(dialogs).toEqual([]);
});

test('a group gift claimed by two of three recipients expires and the third unit is refunded', async ({ page, browser }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`${SHORT_WINDOW}/p/tokyo-banana`);
  const link = await buyGift(page, 'One each!', false, '3');
  const started = Date.now();
  for (const name of ['Aoi Ito', 'Sora Kato']) {
    const ctx = await browser.newContext({ viewport: PHONE });
    await claimAs(await ctx.newPage(), link, name);
    await ctx.close();
  }
  // Wait out the 8-second claim window (the server's sweep refunds within a second).
  await page.waitForTimeout(Math.max(0, 8_000 - (Date.now() - started)) + 2_500);
  await page.reload();
  await expect(page.getByTestId('gift-unit')).toHaveText([/^#1Claimed\w{3} \d/, /^#2Claimed\w{3} \d/, /^#3Expired — refunded\w{3} \d/]);
  await page.screenshot({ path: shot('gift-group-expired-phone'), fullPage: true });
  const late = await browser.newContext({ viewport: PHONE });
  const latePage = await late.newPage();
  await openGift(latePage, link);
  await expect(latePage.getByTestId('gift-closed')).toContainText('not claimed in time');
  await late.close();
});

test('an unknown gift link shows a not-found page', async ({ page }) => {
  await page.goto('/g/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByTestId('error')).toContainText('This gift link was not found.');
});
