import { test, expect, type APIRequestContext } from '@playwright/test';
import { PHONE, addToCart, expectNoViolations, fillAddress, link, mail, mailbox, openGift, shot, signInToConsole } from './helpers';

/** Hana (English, `email`) gives a gift, which a recipient claims at once: its order and token. */
async function claimedGiftFrom(request: APIRequestContext, email: string, key: string, recipient: string) {
  const sent = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': `${key}-gift`, 'accept-language': 'en' },
    data: {
      lines: [{ product_id: 'tokyo-banana', variant_id: 'tokyo-banana-8', quantity: 1 }],
      contact: { name: 'Hana Sato', email, phone: '' },
      address: { postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      gift: { sender_name: 'Hana', greeting: 'For you', allow_variant_choice: false },
    },
  });
  expect(sent.status()).toBe(201);
  const order = await sent.json();
  const token: string = order.gift.claim_token;
  const claimed = await request.post(`/api/gifts/${token}/claim`, {
    headers: { 'Idempotency-Key': `${key}-claim` },
    data: { name: recipient, phone: '', address: { postal_code: '530-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1-1', line2: '' } },
  });
  expect(claimed.status()).toBe(200);
  return { order, token };
}

test('a gift in return (お返し): the recipient (zh) sends one back, the first sender claims it from the emailed link, and neither sees the other\'s address or email', async ({ browser, request }) => {
  const run = Date.now();
  const senderEmail = `first-sender-${run}@example.com`;
  // Hana (English) gives a gift; 王小明 claims it.
  const { order: first, token: firstToken } = await claimedGiftFrom(request, senderEmail, `return-${run}`, '王小明');

  // Back on the gift, in Chinese: a gift in return, chosen in the shop.
  const zh = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const recipient = await zh.newPage();
  await openGift(recipient, `/g/${firstToken}`);
  await expect(recipient.getByTestId('thank-sender')).toBeVisible();
  await recipient.screenshot({ path: shot('return-link-phone') });
  await recipient.getByTestId('send-return').click();
  await expect(recipient.getByTestId('return-banner')).toContainText('正在为 Hana 挑选回礼');
  await recipient.screenshot({ path: shot('return-banner-phone') });
  await expectNoViolations(recipient, 'the catalog choosing a gift in return (zh)');
  await recipient.goto('/p/matcha-kitkat');
  await addToCart(recipient);
  await expect(recipient.getByTestId('return-banner')).toBeVisible();
  await recipient.goto('/checkout');
  // A gift, to Hana by the shop's email: no email to type, no address.
  await expect(recipient.getByTestId('as-gift')).toBeChecked();
  await expect(recipient.getByTestId('return-note')).toContainText('这是给 Hana 的回礼');
  await expect(recipient.locator('#recipient-email')).toBeHidden();
  await recipient.locator('#name').fill('王小明');
  await recipient.locator('#email').fill(`xiaoming-${run}@example.cn`);
  await recipient.locator('#sender-name').fill('小明');
  await recipient.getByTestId('greeting').fill('谢谢你的礼物，一点心意。');
  await recipient.locator('#card-number').fill('4242 4242 4242 4242');
  await expectNoViolations(recipient, 'the checkout of a gift in return (zh)');
  await recipient.screenshot({ path: shot('return-checkout-phone'), fullPage: true });
  await recipient.getByTestId('place-order').click();
  await expect(recipient.getByTestId('return-sent')).toBeVisible();
  await expect(recipient.getByTestId('return-banner')).toHaveCount(0);
  await recipient.screenshot({ path: shot('return-order-phone') });
  const orderToken = recipient.url().split('/o/')[1].split('?')[0];

  // Hana's mailbox: the link, in English, saying it answers her gift; nothing of 王小明 but
  // the name he chose to sign with.
  const note = await mail(senderEmail, /A gift in return from 小明/);
  expect(note.text).toContain('in return for the one you gave them');
  for (const secret of ['王小明', 'xiaoming', '大阪', '梅田']) expect(note.text + note.html).not.toContain(secret);
  const backLink = link(note, /\/g\/[0-9a-f-]{36}/);

  // She opens it in a fresh browser and claims it with her own address.
  const en = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const sender = await en.newPage();
  await openGift(sender, backLink);
  await expect(sender.getByTestId('sender-name')).toHaveText('小明');
  await sender.getByLabel('Full name').fill('Hana Sato');
  await fillAddress(sender);
  await sender.getByTestId('claim').click();
  await expect(sender.getByTestId('claimed')).toBeVisible();

  // 王小明's order: claimed, and nothing of where or who.
  await recipient.reload();
  await expect(recipient.getByTestId('gift-unit')).toContainText('已领取');
  const page = await recipient.locator('main').innerText();
  const json = JSON.stringify(await (await request.get(`/api/orders/${orderToken}`)).json());
  for (const secret of ['Hana Sato', 'Shibuya', 'Jingumae', '150-0001', senderEmail]) {
    expect(page).not.toContain(secret);
    expect(json).not.toContain(secret);
  }
  // Hana's order: nothing of his return gift, his email or his address.
  const hers = JSON.stringify(await (await request.get(`/api/orders/${first.token}`)).json());
  for (const secret of ['xiaoming', '大阪市北区', '梅田', backLink.split('/g/')[1]]) expect(hers).not.toContain(secret);
  await zh.close();
  await en.close();
});

test('a gift that brings a new customer: the recipient visits the shop from the gift page and buys; the sender is emailed a coupon usable once; the merchant\'s report counts the new customer', async ({ browser, request }) => {
  const run = Date.now();
  const senderEmail = `rewarded-${run}@example.com`;
  // The merchant turns the reward on in the console (Japanese).
  const console = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  await signInToConsole(console);
  await console.goto('/console/gift-rewards');
  const customersBefore = Number(await console.getByTestId('report-customers').innerText());
  await console.getByTestId('reward-enabled').check();
  await console.locator('#reward-within').fill('30');
  await console.locator('#reward-amount').fill('800');
  await console.locator('#reward-valid').fill('60');
  await console.getByTestId('save-rewards').click();
  await expect(console.getByTestId('rewards-saved')).toBeVisible();
  await expectNoViolations(console, 'the gift rewards page (ja)');

  // Hana (English) gives a gift; Kenji claims it.
  const { token } = await claimedGiftFrom(request, senderEmail, `reward-${run}`, '山田 健二');

  // Kenji, in a fresh browser, opens his gift, visits the shop from it and buys for himself.
  const ja = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
  const recipient = await ja.newPage();
  await openGift(recipient, `/g/${token}`);
  await recipient.getByTestId('visit-shop').click();
  await expect(recipient).toHaveURL(/\/$/);
  await recipient.goto('/p/matcha-kitkat');
  await addToCart(recipient);
  await recipient.goto('/checkout');
  await recipient.locator('#name').fill('山田 健二');
  await recipient.locator('#email').fill(`kenji-${run}@example.jp`);
  await recipient.locator('#postal-code').fill('530-0001');
  await recipient.locator('#prefecture').selectOption({ label: '大阪府' });
  await recipient.locator('#city').fill('大阪市北区');
  await recipient.locator('#line1').fill('梅田1-1');
  await recipient.locator('#card-number').fill('4242 4242 4242 4242');
  await recipient.getByTestId('place-order').click();
  await expect(recipient).toHaveURL(/\/o\/[0-9a-f-]{36}\?placed=1$/);

  // Hana's email: a coupon, and nothing of who bought, what, for how much or when.
  const reward = await mail(senderEmail, /Your gift brought us a new customer/);
  const code = /GIFT[0-9A-F]{12}/.exec(reward.text)?.[0];
  expect(code, reward.text).toBeTruthy();
  expect(reward.text).toContain('¥800 off, once');
  for (const secret of ['山田', '健二', 'kenji', '大阪', '梅田', 'KitKat', 'キットカット', '¥1,200']) {
    expect(reward.text + reward.html).not.toContain(secret);
  }
  // She can use it once.
  const buy = (key: string) => request.post('/api/checkout', {
    headers: { 'Idempotency-Key': `${key}-${run}` },
    data: {
      lines: [{ product_id: 'matcha-kitkat', variant_id: 'matcha-kitkat-12', quantity: 1 }],
      contact: { name: 'Hana Sato', email: senderEmail, phone: '' },
      address: { postal_code: '150-0001', prefecture: '東京都', city: 'Shibuya-ku', line1: '1-2-3 Jingumae', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      coupon: code,
    },
  });
  const used = await buy('reward-use');
  expect(used.status()).toBe(201);
  expect((await used.json()).lines[0].discount).toBe(800);
  expect([409, 422]).toContain((await buy('reward-again')).status());

  // The merchant's report counts him.
  await console.reload();
  await expect(console.getByTestId('report-customers')).toHaveText(String(customersBefore + 1));
  await console.screenshot({ path: shot('gift-rewards-console'), fullPage: true });
  await ja.close();
});

test('after-sales: a recipient (zh) reports a damaged unit from the gift page, the merchant (ja console) declines with a reason, and only the recipient hears it', async ({ browser, request }) => {
  const run = Date.now();
  const senderEmail = `after-sender-${run}@example.com`;
  const recipientEmail = `after-recipient-${run}@example.cn`;
  const { token } = await claimedGiftFrom(request, senderEmail, `after-${run}`, '李华');

  const zh = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const recipient = await zh.newPage();
  await openGift(recipient, `/g/${token}`);
  await recipient.getByTestId('report-problem').click();
  await expect(recipient.getByRole('heading', { name: '反馈商品问题' })).toBeVisible();
  await expectNoViolations(recipient, 'the problem report form (zh)');
  await recipient.getByTestId('problem-damaged').check();
  await recipient.getByTestId('remedy-replacement').check();
  await recipient.getByLabel('详细说明（选填，最多 500 字）').fill(`盒子压坏了 ${run}`);
  await recipient.getByLabel('您的邮箱（商店的答复会发到这里）').fill(recipientEmail);
  await recipient.screenshot({ path: shot('report-form-phone'), fullPage: true });
  await recipient.getByTestId('send-report').click();
  await expect(recipient.getByTestId('report-done')).toHaveText('商店已收到您的反馈，会通过邮件答复。');
  await mail(recipientEmail, /我们已收到您关于/);

  // The merchant, in Japanese, declines it with a reason.
  const console = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  await signInToConsole(console);
  await console.goto('/console/after-sales');
  const card = console.getByTestId('after-sales-request').filter({ hasText: `盒子压坏了 ${run}` });
  await expect(card).toContainText('ギフトの受け取り手');
  await expect(card).toContainText('破損 → 再送');
  await expectNoViolations(console, 'the after-sales page (ja)');
  await card.getByTestId('decline-reason').fill('写真では箱の破損が確認できませんでした。');
  await card.getByTestId('decline-request').click();
  await expect(card.getByTestId('request-state')).toHaveText('お断り');
  await console.screenshot({ path: shot('after-sales-console'), fullPage: true });

  // The answer reaches the recipient, in Chinese, with the reason; the sender hears nothing.
  const answer = await mail(recipientEmail, /申请的答复/);
  expect(answer.text).toContain('写真では箱の破損が確認できませんでした。');
  expect(answer.text).not.toContain('/o/');
  expect(mailbox(senderEmail).filter((m) => /反馈|申请|report|request/i.test(m.subject))).toEqual([]);
  await zh.close();
});
