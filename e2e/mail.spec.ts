import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expectNoViolations, fillAddress, link, mail, mailbox, openGift, sendAsGift } from './helpers';

const PHONE = { width: 390, height: 844 };
const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

async function buyGift(page: Page, email: string): Promise<string> {
  await page.goto('/p/furoshiki');
  await sendAsGift(page);
  await page.getByLabel('Full name').fill('Hana Sato');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Your name (shown to the recipient)').fill('Hana');
  await page.getByTestId('greeting').fill('For you');
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('sender-gift')).toBeVisible();
  return page.getByTestId('gift-link').inputValue();
}

test('gift emails: the sender hears of the claim but never who or where, the recipient gets the tracking number, the emailed link opens the order', async ({ page, browser, request }) => {
  const run = Date.now();
  const sender = `sender-${run}@example.com`;
  const recipientEmail = `recipient-${run}@example.org`;
  await page.setViewportSize(PHONE);
  const claimLink = await buyGift(page, sender);
  const orderUrl = page.url().split('?')[0];

  const placed = await mail(sender, /Thank you for your order/);
  expect(link(placed, /\/o\/[0-9a-f-]{36}/)).toBe(orderUrl);
  const sent = await mail(sender, /claim link/);
  expect(link(sent, /\/g\/[0-9a-f-]{36}/)).toBe(claimLink);
  // The email's QR code (an HTML table, which mail readers show) decodes to the claim link.
  const rendered = await browser.newPage();
  await rendered.setContent(sent.html);
  await rendered.locator('table[role="img"]').screenshot({ path: shot('email-qr') });
  expect(execFileSync('target/debug/qr-decode', [shot('email-qr')]).toString().trim()).toBe(claimLink);
  await rendered.close();

  // The recipient claims in another browser and leaves an email.
  const other = await browser.newContext({ viewport: PHONE });
  const recipient = await other.newPage();
  await openGift(recipient, claimLink);
  await recipient.getByLabel('Full name').fill('Kenta Yamada');
  await fillAddress(recipient);
  await recipient.getByLabel('Email (optional)').fill(recipientEmail);
  await recipient.getByTestId('claim').click();
  await expect(recipient.getByTestId('claimed')).toBeVisible();
  // The claimed page offers to thank the sender (a server page: a full navigation).
  await expect(recipient.getByTestId('thank-sender')).toHaveAttribute('href', /\/g\/[0-9a-f-]{36}\/thanks$/);

  const claimed = await mail(sender, /was claimed/);
  for (const secret of ['Kenta', 'Yamada', 'Shibuya', 'Jingumae', '150-0001', recipientEmail]) {
    expect(claimed.text + claimed.html).not.toContain(secret);
  }

  // The admin ships; the recipient's mailbox has the tracking number, the sender's the status.
  const signIn = await request.post('/api/auth/sign-in', { data: { email: 'admin@demo.omiyage.test', password: 'demo-admin-password' } });
  expect(signIn.status()).toBe(200);
  const token = orderUrl.split('/o/')[1];
  const shipped = await request.post(`/api/admin/orders/${token}/ship`, { data: { tracking_number: `JP${run}` } });
  expect(shipped.status()).toBe(200);
  const parcel = await mail(recipientEmail, /Your gift has shipped/);
  expect(parcel.text).toContain(`JP${run}`);
  const senderNote = await mail(sender, /has shipped/);
  expect(senderNote.text).not.toContain(`JP${run}`);

  // The link in the order-placed email opens the order in a fresh browser.
  const fresh = await browser.newContext({ viewport: PHONE });
  const reader = await fresh.newPage();
  await reader.goto(link(placed, /\/o\/[0-9a-f-]{36}/));
  await expect(reader.getByTestId('sender-gift')).toBeVisible();

  // Every message of this run has its own Message-ID.
  const all = [...mailbox(sender), ...mailbox(recipientEmail)];
  expect(new Set(all.map((m) => m.message_id)).size).toBe(all.length);
  await other.close();
  await fresh.close();
});

test('a thank-you note: the recipient (zh) thanks the sender, who reads the words on the order page and in an email, and nothing else of the recipient', async ({ page, browser, request }) => {
  const run = Date.now();
  const sender = `thanked-${run}@example.com`;
  await page.setViewportSize(PHONE);
  const claimLink = await buyGift(page, sender);
  const token = claimLink.split('/g/')[1];
  const claimed = await request.post(`/api/gifts/${token}/claim`, {
    headers: { 'Idempotency-Key': `thanks-${run}` },
    data: { name: '王小明', phone: '', address: { postal_code: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前1-2-3', line2: '' } },
  });
  expect(claimed.status()).toBe(200);

  // Back on the gift (claimed in full), in Chinese: the way to thank the sender.
  const zh = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const recipient = await zh.newPage();
  await openGift(recipient, claimLink);
  await recipient.getByTestId('thank-sender').click();
  await expect(recipient.getByRole('heading', { name: '发送感谢留言' })).toBeVisible();
  await expect(recipient.locator('main')).toContainText('Hana');
  await expectNoViolations(recipient, 'the thank-you page (zh)');
  await recipient.getByLabel('留言').fill('谢谢你的礼物！\n我很喜欢。');
  await recipient.getByTestId('send-thanks').click();
  await expect(recipient.getByTestId('thanks-sent')).toHaveText('谢谢你的礼物！\n我很喜欢。');
  await expect(recipient.getByRole('status')).toContainText('您的留言已发送给送礼人');
  await expectNoViolations(recipient, 'the sent note (zh)');
  await recipient.screenshot({ path: shot('thanks-sent-phone') });
  // Sent again (a reload of the form's answer): still one note.
  await recipient.reload();
  await expect(recipient.getByTestId('thanks-sent')).toBeVisible();

  // The sender's order page (English) shows the words, and nothing else of the recipient.
  await page.reload();
  await expect(page.getByTestId('gift-thanks-note')).toHaveCount(1);
  await expect(page.getByTestId('gift-thanks-note')).toHaveText('谢谢你的礼物！\n我很喜欢。');
  await expect(page.getByRole('heading', { name: 'Thank-you notes' })).toBeVisible();
  await page.getByTestId('gift-thanks').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('thanks-order-phone') });
  const gift = await page.getByTestId('sender-gift').innerText();
  for (const secret of ['王小明', '渋谷区', '神宮前']) expect(gift).not.toContain(secret);
  const note = await mail(sender, /thank-you note/);
  expect(note.text).toContain('谢谢你的礼物！');
  for (const secret of ['王小明', '渋谷区', '神宮前', '150-0001']) expect(note.text + note.html).not.toContain(secret);
  await zh.close();
});

test('find my orders: the footer link leads to a server-rendered form, and the email lists every order placed with it', async ({ page, request }) => {
  const email = `finder-${Date.now()}@example.com`;
  const tokens: string[] = [];
  for (let i = 0; i < 2; i++) {
    const placed = await request.post('/api/checkout', {
      headers: { 'Idempotency-Key': crypto.randomUUID(), 'Accept-Language': 'en' },
      data: {
        lines: [{ product_id: 'genmaicha', variant_id: 'genmaicha-200g', quantity: 1 }],
        contact: { name: 'Aiko', email, phone: '' },
        address: { postal_code: '150-0001', prefecture: '東京都', city: 'Shibuya-ku', line1: '1-2-3 Jingumae', line2: '' },
        payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      },
    });
    expect(placed.status()).toBe(201);
    tokens.push((await placed.json()).token);
  }
  await page.setViewportSize(PHONE);
  await page.goto('/');
  await page.getByTestId('find-orders-link').click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole('heading', { name: 'Find my orders' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email.toUpperCase());
  await page.getByTestId('find-orders').click();
  await expect(page.getByTestId('find-orders-sent')).toBeVisible();
  await page.screenshot({ path: shot('find-orders-phone'), fullPage: true });

  const list = await mail(email, /Your orders/);
  for (const token of tokens) expect(list.text).toContain(`/o/${token}`);
});

test('the console lists the messages sent', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/console/sign-in');
  await page.getByLabel('Email', { exact: true }).fill('admin@demo.omiyage.test');
  await page.getByLabel('Password').fill('demo-admin-password');
  await page.getByTestId('sign-in').click();
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByTestId('message').first()).toBeVisible();
  await expect(page.getByTestId('mail-not-configured')).toHaveCount(0);
  await expect(page.locator('[data-test="message"][data-status="sent"]').first()).toBeVisible();
  await page.screenshot({ path: shot('console-messages-desktop'), fullPage: true });
});

test('webhooks: the admin adds an endpoint, sends a test event, and a failing receiver shows as failed after its retries', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/console/sign-in');
  await page.getByLabel('Email', { exact: true }).fill('admin@demo.omiyage.test');
  await page.getByLabel('Password').fill('demo-admin-password');
  await page.getByTestId('sign-in').click();
  await page.getByRole('link', { name: 'Webhooks' }).click();
  // A receiver that answers 404 to every delivery.
  const url = `${new URL(page.url()).origin}/api/no-such-hook-${Date.now()}`;
  await page.getByLabel('URL').fill(url);
  await page.getByTestId('add-webhook').click();
  await expect(page.locator('#webhook-events-err')).toContainText('Choose at least one event');
  await page.getByLabel('order.placed').check();
  await page.getByTestId('add-webhook').click();
  const panel = page.getByTestId('webhook').filter({ hasText: url });
  await expect(panel.getByTestId('webhook-secret')).toHaveText(/^whsec_[0-9a-f]{64}$/);
  await panel.getByTestId('test-webhook').click();
  await expect(panel.getByTestId('test-queued')).toBeVisible();
  await expect.poll(async () => {
    await panel.getByTestId('refresh-deliveries').click();
    return panel.locator('[data-test="message"][data-status="failed"]').count();
  }, { timeout: 30_000 }).toBe(1);
  await expect(panel.getByTestId('deliveries')).toContainText('webhook.test');
  await expect(panel.getByTestId('deliveries')).toContainText('HTTP 404');
  await expect(panel.getByTestId('resend')).toBeVisible();
  await page.screenshot({ path: shot('console-webhooks-desktop'), fullPage: true });
});
