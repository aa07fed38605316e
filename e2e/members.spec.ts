import { expect, test } from '@playwright/test';
import { PHONE, expectNoViolations, link, mail, shot } from './helpers';

test('a guest who ordered signs in by the emailed link in a fresh browser and finds the order on their page', async ({ browser, request }) => {
  const run = Date.now();
  const email = `member-${run}@example.com`;
  const placed = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': `member-${run}` },
    data: {
      lines: [{ product_id: 'genmaicha', variant_id: 'genmaicha-200g', quantity: 1 }],
      contact: { name: '佐藤花子', email, phone: '' },
      address: { postal_code: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前1-2-3', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();

  // In Japanese: the page asks for the email and says a link is on its way.
  const ja = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
  const page = await ja.newPage();
  await page.goto('/');
  await page.getByTestId('my-page-link').click();
  await expect(page.getByRole('heading', { name: 'マイページ' })).toBeVisible();
  await expectNoViolations(page, 'the sign-in form (ja)');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByTestId('member-send-link').click();
  await expect(page.getByTestId('member-note')).toContainText('サインイン用のリンクをお送りしました');
  await page.screenshot({ path: shot('member-sign-in-phone'), fullPage: true });

  // The link, opened in another browser, signs in with a press and shows the guest order.
  const message = await mail(email, /Omiyage へのサインイン/);
  const url = link(message, /\/account\/link\/[0-9a-f]+/);
  const fresh = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const other = await fresh.newPage();
  await other.goto(url);
  await expectNoViolations(other, 'the sign-in button (en)');
  await other.getByTestId('member-sign-in').click();
  await expect(other.getByTestId('member-email')).toContainText(email);
  await expect(other.getByTestId('member-order')).toHaveCount(1);
  await expect(other.getByTestId('member-order')).toContainText(order.reference);
  await expectNoViolations(other, 'the member\'s page (en)');
  await other.screenshot({ path: shot('member-page-phone'), fullPage: true });
  await other.getByTestId('member-order').getByRole('link').click();
  await expect(other).toHaveURL(new RegExp(`/o/${order.token}$`));

  // Used once: the same link no longer signs in; signing out ends the session.
  await other.goBack();
  await other.getByTestId('member-sign-out').click();
  await expect(other.getByTestId('member-send-link')).toBeVisible();
  await other.goto(url);
  await other.getByTestId('member-sign-in').click();
  await expect(other.locator('.error')).toContainText('expired or was used');
  await ja.close();
  await fresh.close();
});
