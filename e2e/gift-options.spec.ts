import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { addToCart, appReady, openGift, PHONE, shot, expectNoViolations, signInToConsole, pngOf } from './helpers';

// Gift options (issue 32): a Japanese shopper on a phone adds のし, wrapping and a card to a box
// of sweets on the options page (the のし drawn with the cord its occasion takes), sees them as
// their own priced lines in the cart and at checkout, sends the sweets as a gift, and finds the
// options on the order page and the receipt; a Chinese recipient sees what was chosen.

test('のし 御歳暮 with two names, wrapping and a card: chosen, priced in the cart, on the order and its receipt', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/p/yatsuhashi');
  await addToCart(page);
  await addToCart(page);
  await page.goto('/cart');
  await appReady(page);
  await expect(page.getByTestId('line-quantity')).toHaveText('2');
  const goods = Number(((await page.getByTestId('cart-line').getByTestId('price').first().textContent()) ?? '').replace(/\D/g, ''));

  // The options page, server-rendered: preview a condolence first (black and white, no ornament).
  await page.getByTestId('gift-options').click();
  await expect(page).toHaveURL(/\/options\/yatsuhashi\//);
  await expect(page.getByRole('heading', { name: 'ギフトオプション' })).toBeVisible();
  await expect(page.getByText('2点それぞれに付きます')).toBeVisible();
  await page.getByTestId('noshi').check();
  await page.getByTestId('omotegaki').selectOption('御霊前');
  await page.getByTestId('options-preview').click();
  await expect(page.getByTestId('noshi-preview')).toHaveAttribute('data-mizuhiki', '黒白結び切り');
  await expect(page.locator('[data-ornament]')).toHaveCount(0);
  // Then the seasonal gift: the bow that unties, the ornament, two names right to left.
  await page.getByTestId('omotegaki').selectOption('御歳暮');
  await page.getByTestId('noshi-name').nth(0).fill('佐藤 花子');
  await page.getByTestId('noshi-name').nth(1).fill('山田 太郎');
  await page.getByTestId('wrap-washi-crimson').check();
  await page.getByTestId('card').check();
  await page.getByTestId('card-text').fill('いつもありがとうございます');
  await page.getByTestId('options-preview').click();
  const paper = page.getByTestId('noshi-preview');
  await expect(paper).toHaveAttribute('data-mizuhiki', '紅白蝶結び');
  await expect(paper.locator('[data-ornament]')).toHaveCount(1);
  await expect(paper.locator('[data-part=name]')).toHaveText(['佐藤 花子', '山田 太郎']);
  await page.screenshot({ path: shot('gift-options-ja-phone'), fullPage: true });
  await expectNoViolations(page, 'gift options page');
  await page.getByTestId('options-add').click();

  // Back in the cart: the options as a line with their price (¥0 + ¥330 + ¥110, twice).
  await expect(page).toHaveURL(/\/cart$/);
  await appReady(page);
  const options = page.getByTestId('line-options');
  await expect(options).toContainText('のし: 御歳暮 · 内のし · 佐藤 花子 / 山田 太郎');
  await expect(options).toContainText('ラッピング: 和紙・紅');
  await expect(options).toContainText('880円');
  await page.screenshot({ path: shot('cart-with-options-ja-phone'), fullPage: true });
  await expectNoViolations(page, 'cart with gift options');

  // Coming back to the page shows the choice again.
  await page.getByTestId('gift-options').click();
  await expect(page.getByTestId('omotegaki')).toHaveValue('御歳暮');
  await expect(page.getByTestId('card-text')).toHaveValue('いつもありがとうございます');
  await page.goBack();
  await appReady(page);

  // Checkout as a gift: the summary has the options; the order and its receipt list them.
  await page.getByTestId('to-checkout').click();
  await page.getByTestId('as-gift').check();
  await expect(page.getByTestId('line-options')).toContainText('880円');
  await page.getByLabel('お名前', { exact: true }).fill('佐藤 花子');
  await page.getByLabel('メールアドレス', { exact: true }).fill('hanako@example.jp');
  await page.locator('#sender-name').fill('花子');
  await page.getByLabel('カード番号').fill('4242 4242 4242 4242');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-placed')).toBeVisible();
  const lines = page.getByTestId('order-lines');
  await expect(lines).toContainText('御歳暮 · 内のし · 佐藤 花子 / 山田 太郎');
  await expect(lines).toContainText('和紙・紅');
  await expect(lines).toContainText('いつもありがとうございます');
  await expect(page.getByTestId('order-total')).toContainText(`${(goods + 880).toLocaleString('en-US')}円`);
  await page.screenshot({ path: shot('order-with-options-ja-phone'), fullPage: true });
  const token = new URL(page.url()).pathname.split('/').pop();
  await page.getByTestId('receipt-link').click();
  await expect(page.locator('body')).toContainText('ラッピング (和紙・紅)');
  await expect(page.locator('body')).toContainText('660円');

  // A Chinese recipient sees what was chosen, in Chinese and without a price (the card's text
  // stays a surprise for the parcel), and claims one box.
  const order = await (await page.request.get(`/api/orders/${token}`)).json();
  await context.close();
  const recipient = await (await browser.newContext({ locale: 'zh-CN', viewport: PHONE })).newPage();
  await openGift(recipient, `/g/${order.gift.claim_token}`);
  const chosen = recipient.getByTestId('gift-options');
  await expect(chosen).toContainText('熨斗（のし）: 御歳暮 · 内のし · 佐藤 花子 / 山田 太郎');
  await expect(chosen).toContainText('礼品包装: 和紙・紅');
  await expect(chosen).toContainText('留言卡');
  await expect(chosen).not.toContainText('いつもありがとうございます');
  expect(await recipient.locator('main').textContent()).not.toMatch(/¥|円|元/);
  await expectNoViolations(recipient, 'gift page with options in Chinese');
  await recipient.getByLabel('姓名').fill('王 芳');
  await recipient.getByLabel('〒 邮政编码').fill('530-0001');
  await recipient.getByLabel('都道府县').selectOption('大阪府');
  await recipient.getByLabel('市区町村').fill('大阪市北区');
  await recipient.getByLabel('街道门牌').fill('梅田1-1');
  await recipient.screenshot({ path: shot('gift-with-options-zh-phone'), fullPage: true });
  await recipient.getByTestId('claim').click();
  await expect(recipient.getByTestId('claimed')).toContainText('礼物是您的了！');
  await recipient.context().close();

  // The staff print its packing slip: the のし, the paper and the card to carry out, and no price.

  const staff = await (await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } })).newPage();
  await signInToConsole(staff);
  await staff.goto(`/console/orders/${token}/slips`);
  await expect(staff.getByTestId('slip')).toHaveCount(1);
  await expect(staff.getByTestId('slip-noshi').locator('svg')).toHaveAttribute('class', 'noshi');
  await staff.screenshot({ path: shot('slip-with-options'), fullPage: true });
  await staff.emulateMedia({ media: 'print' });
  const pdf = 'e2e/artifacts/slip-with-options.pdf';
  await staff.pdf({ path: pdf, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toMatch(/王\s*芳/);
  for (const expected of ['御歳暮', '佐藤 花子 / 山田 太郎', '和紙・紅', 'いつもありがとうございます']) {
    expect(text).toContain(expected);
  }
  expect(text).not.toMatch(/¥|円/);
  await staff.context().close();
});

for (const [locale, heading, preview, cardReason] of [
  ['zh-CN', '礼品选项', '预览', '请填写留言卡的内容。'],
  ['en-US', 'Gift options', 'Preview', 'Write what the card should say.'],
]) {
  test(`the options page reads in ${locale}, draws the のし and passes axe`, async ({ browser }) => {
    const context = await browser.newContext({ locale, viewport: PHONE });
    const page = await context.newPage();
    const product = await (await page.request.get('/api/products/yatsuhashi')).json();
    await page.goto(`/options/yatsuhashi/${product.variants[0].id}?q=1`);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await page.getByTestId('noshi').check();
    await page.getByTestId('omotegaki').selectOption('寿');
    await page.getByTestId('noshi-name').nth(0).fill('王 芳');
    await page.getByTestId('options-preview').click();
    await expect(page.getByTestId('options-preview')).toHaveText(preview);
    await expect(page.getByTestId('noshi-preview')).toHaveAttribute('data-mizuhiki', '紅白結び切り（10本）');
    await expectNoViolations(page, `gift options page in ${locale}`);
    // A card left empty on a plain order is refused with its reason in the reader's language.
    await page.getByTestId('card').check();
    await page.getByTestId('options-add').click();
    await expect(page.getByRole('alert').filter({ hasText: cardReason })).toBeVisible();
    await expectNoViolations(page, `gift options page with an error in ${locale}`);
    await page.screenshot({ path: shot(`gift-options-${locale}-phone`), fullPage: true });
    await context.close();
  });
}

test('an option the shop switched off is refused at checkout with its reason, and nothing is charged', async ({ request }) => {
  // A token names a paper that is not the shop's: checkout refuses the line's options.
  const product = await (await request.get('/api/products/genmaicha')).json();
  const variant = product.variants[0].id;
  const token = Buffer.from(JSON.stringify({ wrapping: 'gold-leaf' })).toString('base64url');
  const placed = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [{ product_id: 'genmaicha', variant_id: variant, quantity: 1, options_token: token }],
      contact: { name: 'Hana', email: 'hana@example.jp', phone: '' },
      address: { postal_code: '100-0005', prefecture: '東京都', city: '千代田区', line1: '丸の内1-1', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
    },
  });
  expect(placed.status()).toBe(422);
  expect((await placed.json()).error.fields[0].field).toBe('lines[0].options.wrapping');
});

test('the admin prices the options and adds a paper with its picture in the console; shoppers see it, not the paper switched off', async ({ browser }) => {
  const admin = await (await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } })).newPage();
  await signInToConsole(admin);
  const before = await (await admin.request.get('/api/admin/gift-options')).json();
  await admin.getByRole('link', { name: 'ギフトオプション' }).click();
  await expect(admin).toHaveURL(/\/console\/gift-options$/);
  const form = admin.getByTestId('gift-option-settings');
  await expect(form.getByTestId('paper-row')).toHaveCount(before.wrappings.length);
  // A price typed with a Japanese keyboard (full-width digits) is read; a bad one is refused
  // with its reason beside the field, and nothing is saved.
  await admin.locator('#card-price').fill('abc');
  await admin.getByTestId('save-gift-options').click();
  await expect(admin.locator('#card-price-err')).not.toBeEmpty();
  expect((await (await admin.request.get('/api/admin/gift-options')).json()).card_price).toBe(before.card_price);
  await admin.locator('#card-price').fill('１５０');
  // A new seasonal paper with its picture and names; the kraft paper is switched off.
  await admin.getByTestId('add-paper').click();
  const row = form.getByTestId('paper-row').last();
  await row.getByTestId('paper-id').fill('sakura');
  await row.locator('[id^="paper-"][id$="-name"]').fill('桜');
  await row.locator('[id$="translations.en.name"]').fill('Cherry blossom');
  await row.locator('[id$="-price"]').fill('４４０');
  await row.getByTestId('paper-file').setInputFiles({ name: 'sakura.png', mimeType: 'image/png', buffer: await pngOf(browser, '#f4b6c2') });
  await expect(row.getByTestId('paper-image')).toHaveAttribute('src', /^\/api\/images\/[0-9a-f]{64}-[0-9a-f]{6}$/);
  const kraft = form.locator('[data-paper="kraft-indigo"]');
  await kraft.getByTestId('paper-offered').uncheck();
  await expectNoViolations(admin, 'gift option settings');
  await admin.getByTestId('save-gift-options').click();
  await expect(admin.getByTestId('gift-options-saved')).toBeVisible();
  await admin.screenshot({ path: shot('console-gift-options'), fullPage: true });
  const after = await (await admin.request.get('/api/admin/gift-options')).json();
  expect(after.card_price).toBe(150);
  expect(after.wrappings.find((w: any) => w.id === 'sakura')).toMatchObject({ name: '桜', price: 440, disabled: false });
  expect(after.wrappings.find((w: any) => w.id === 'kraft-indigo').disabled).toBe(true);

  // The shopper's options page in English offers the new paper at its price, not the one
  // switched off, and the card at its new price.
  const shopper = await (await browser.newContext({ locale: 'en-US', viewport: PHONE })).newPage();
  const product = await (await shopper.request.get('/api/products/yatsuhashi')).json();
  await shopper.goto(`/options/yatsuhashi/${product.variants[0].id}?q=1`);
  await expect(shopper.getByTestId('wrap-sakura')).toBeVisible();
  await expect(shopper.locator('body')).toContainText('Cherry blossom');
  await expect(shopper.getByTestId('wrap-kraft-indigo')).toHaveCount(0);
  await expect(shopper.locator('body')).toContainText('¥150');
  await shopper.context().close();

  // Put the demo's settings back for the tests that follow.
  const restored = await admin.request.put('/api/admin/gift-options', { data: { ...before, wrappings: [...before.wrappings, { ...after.wrappings.find((w: any) => w.id === 'sakura'), disabled: true }] } });
  expect(restored.status()).toBe(200);
  await admin.context().close();
});
