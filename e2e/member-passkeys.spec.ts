import { expect, request as api, test, type BrowserContext, type Page } from '@playwright/test';
import { PHONE, addToCart, expectNoViolations, shot, signInMember } from './helpers';

// Browsers give passkeys to a name, never to an IP address: these pages are opened at
// localhost (the same server as 127.0.0.1).
const local = (url: string) => url.replace('127.0.0.1', 'localhost');

/** Chromium's virtual authenticator on this page's browser (a phone's screen lock, say). */
async function authenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

test('a member adds a passkey and an address, buys with the saved address, signs out and signs in again with the passkey alone', async ({ browser, baseURL }) => {
  const base = local(baseURL!);
  const email = `passkey-${Date.now()}@example.com`;
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const page = await context.newPage();
  await authenticator(context, page);

  // Signed up by the emailed link, the member adds a passkey on their page.
  await signInMember(page, email, /Sign in to Omiyage/, base);
  await expect(page.getByTestId('member-passkey')).toHaveCount(0);
  await page.getByTestId('member-add-passkey').click();
  await expect(page.getByTestId('passkey-added')).toBeVisible();
  await expect(page.getByTestId('member-passkey')).toHaveCount(1);
  await expectNoViolations(page, 'My page with a passkey (en)');
  await page.screenshot({ path: shot('member-passkey-phone'), fullPage: true });

  // They save their address on the page, then buy in the shop with the same email, the
  // address chosen from the saved ones.
  await page.getByTestId('member-add-address').click();
  const form = page.getByTestId('member-address-form');
  await form.getByLabel('Full name').fill('Hana Passkey');
  await form.getByLabel('Postal code').fill('150-0001');
  await form.getByLabel('Prefecture').selectOption('東京都');
  await form.getByLabel('City / ward').fill('Shibuya-ku');
  await form.getByLabel('Street address').fill('Saved Street 7-7');
  await page.getByTestId('member-save-address').click();
  await expect(page.getByTestId('member-address')).toContainText('Saved Street 7-7');
  await expectNoViolations(page, 'My page with a saved address (en)');
  await page.goto(`${base}/p/uji-sencha`);
  await addToCart(page);
  await page.goto(`${base}/checkout`);
  await page.getByTestId('saved-address').selectOption({ index: 1 });
  await expect(page.getByLabel('Street address')).toHaveValue('Saved Street 7-7');
  await expect(page.getByLabel('Full name')).toHaveValue('Hana Passkey');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.screenshot({ path: shot('checkout-saved-address-phone'), fullPage: true });
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-placed')).toBeVisible();
  const reference = (await page.getByTestId('order-reference').textContent())?.trim() ?? '';
  expect(reference).not.toBe('');
  await expect(page.getByText('Saved Street 7-7')).toBeVisible();

  // Signed out, the passkey signs them in again: no email typed, none sent.
  await page.goto(`${base}/account`);
  await page.getByTestId('member-sign-out').click();
  await expect(page.getByTestId('member-passkey-sign-in')).toBeVisible();
  await expectNoViolations(page, 'the sign-in form with a passkey (en)');
  await page.getByTestId('member-passkey-sign-in').click();
  await expect(page.getByTestId('member-email')).toContainText(email);
  await expect(page.getByTestId('member-order')).toContainText(reference);
  await expect(page.getByTestId('member-passkey')).toContainText('last used');

  // At an IP address, no passkey is offered (browsers would refuse it).
  const ip = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const there = await ip.newPage();
  await there.goto('/account');
  await expect(there.getByTestId('member-send-link')).toBeVisible();
  await expect(there.getByTestId('member-passkey-sign-in')).toHaveCount(0);
  await ip.close();
  await context.close();
});

test('a member deletes their account: refused while an order is unshipped, then nothing of theirs is left on the order', async ({ browser, baseURL }) => {
  const email = `delete-${Date.now()}@example.com`;
  const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
  const page = await context.newPage();
  const placed = await page.request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [{ product_id: 'uji-sencha', variant_id: 'uji-sencha-100g', quantity: 1 }],
      contact: { name: '削除 花子', email, phone: '090-1111-2222' },
      address: { postal_code: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前9-9-9', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();

  // Signed in (ja), the member opens "delete": the order is not shipped yet.
  await signInMember(page, email, /Omiyage へのサインイン/);
  await page.getByTestId('member-delete').click();
  await expect(page.getByTestId('member-delete-blocked')).toContainText('未発送のご注文 1件');
  await expect(page.getByTestId('member-delete-confirm')).toHaveCount(0);
  await expectNoViolations(page, 'the delete page, blocked (ja)');

  // The shop ships it; now the account goes, and the order stays without the member's data.
  const admin = await api.newContext({ baseURL });
  expect((await admin.post('/api/auth/sign-in', { data: { email: 'admin@demo.omiyage.test', password: 'demo-admin-password' } })).status()).toBe(200);
  expect((await admin.post(`/api/admin/orders/${order.token}/ship`, { data: { tracking_number: 'JP-9999-0001' } })).status()).toBe(200);
  await page.reload();
  await expectNoViolations(page, 'the delete page (ja)');
  await page.screenshot({ path: shot('member-delete-phone'), fullPage: true });
  await page.getByTestId('member-delete-confirm').click();
  await expect(page.getByTestId('member-deleted')).toContainText('アカウントを削除しました');
  const kept = await (await admin.get(`/api/admin/orders/${order.token}`)).json();
  expect(JSON.stringify(kept)).not.toContain(email);
  expect(JSON.stringify(kept)).not.toContain('削除 花子');
  expect(JSON.stringify(kept)).not.toContain('神宮前9-9-9');
  expect(kept.order?.reference ?? kept.reference).toBe(order.reference);
  await page.goto('/account');
  await expect(page.getByTestId('member-send-link')).toBeVisible();
  await admin.dispose();

  // The privacy page, in each language.
  for (const [locale, heading] of [['ja-JP', 'プライバシー'], ['zh-CN', '隐私'], ['en-GB', 'Privacy']]) {
    const reader = await browser.newContext({ viewport: PHONE, locale });
    const p = await reader.newPage();
    await p.goto('/privacy');
    await expect(p.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await expectNoViolations(p, `the privacy page (${locale})`);
    if (locale === 'en-GB') await p.screenshot({ path: shot('privacy-phone'), fullPage: true });
    await reader.close();
  }
  await context.close();
});
