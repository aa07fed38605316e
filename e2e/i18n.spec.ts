import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { sendGift, addToCart, openGift, PHONE, shot, expectNoViolations } from './helpers';

// The storefront in Japanese, Chinese and English: chosen from the browser's preferences
// (Japanese when none matches), switched from the header and remembered; prices include the
// consumption tax, and orders show it per rate.

test('the admin sets the registration number; a shopper in Japanese buys a mixed cart, sees the tax per rate and prints the receipt', async ({ browser }) => {
  // The admin registers the shop as a qualified-invoice issuer; a wrong check digit is refused.
  const admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await admin.goto('/console/');
  await admin.getByLabel('Email', { exact: true }).fill('admin@demo.omiyage.test');
  await admin.getByLabel('Password').fill('demo-admin-password');
  await admin.getByTestId('sign-in').click();
  await expect(admin.getByTestId('who')).toContainText('Demo Admin');
  await admin.goto('/console/shops');
  await admin.getByLabel('Registered name').fill('株式会社おみやげ');
  await admin.getByLabel('Registration number').fill('T8000012050002');
  await admin.getByTestId('issuer-form').getByRole('button').click();
  await expect(admin.getByTestId('issuer-form')).toContainText('check digit is wrong');
  // The reason in every language the console speaks.
  for (const [lang, reason] of [['ja', 'チェックデジットが一致しません'], ['zh-Hans', '校验位不符']]) {
    await admin.locator('[data-test=language]').selectOption(lang);
    await expect(admin.locator('html')).toHaveAttribute('lang', lang);
    await admin.locator('#issuer-name').fill('株式会社おみやげ');
    await admin.locator('#issuer-number').fill('T8000012050002');
    await admin.getByTestId('issuer-form').getByRole('button').click();
    await expect(admin.getByTestId('issuer-form')).toContainText(reason);
  }
  await admin.locator('[data-test=language]').selectOption('en');
  await expect(admin.locator('html')).toHaveAttribute('lang', 'en');
  await admin.getByLabel('Registered name').fill('株式会社おみやげ');
  await admin.getByLabel('Registration number').fill('t7000012050002');
  await admin.getByTestId('issuer-form').getByRole('button').click();
  await expect(admin.getByTestId('issuer-saved')).toBeVisible();
  await expect(admin.getByLabel('Registration number')).toHaveValue('T7000012050002');
  await admin.context().close();

  const context = await browser.newContext({ locale: 'ja-JP', viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('link', { name: /カート/ })).toBeVisible();
  await expect(page.getByTestId('product-card')).toHaveCount(14);
  await page.screenshot({ path: shot('catalog-ja-phone') });
  await expectNoViolations(page, 'catalog in Japanese');

  await page.goto('/p/tokyo-banana');
  await expect(page.getByRole('heading', { name: '東京ばな奈' })).toBeVisible();
  await expect(page.getByTestId('price').first()).toHaveText('1,300円');
  await expect(page.getByTestId('tax-included')).toHaveText('税込');
  await expectNoViolations(page, 'product page in Japanese');
  await addToCart(page);
  await page.goto('/p/furoshiki');
  await addToCart(page);

  // ¥1,300 of sweets (8 %); ¥2,400 furoshiki + ¥600 shipping = ¥3,000 at 10 %.
  await page.goto('/cart');
  await expect(page.getByTestId('total')).toHaveText('4,300円');
  const taxes = page.getByTestId('tax-lines');
  await expect(taxes).toContainText('10%対象 3,000円（内消費税 272円）');
  await expect(taxes).toContainText('※8%対象 1,300円（内消費税 96円）');
  await expect(taxes).toContainText('軽減税率');
  await page.screenshot({ path: shot('cart-ja-phone'), fullPage: true });
  await expectNoViolations(page, 'cart in Japanese');

  await page.getByTestId('to-checkout').click();
  // The address form in Japanese order, 47 prefectures to choose from, errors in Japanese.
  await expect(page.getByLabel('お名前', { exact: true })).toHaveAttribute('placeholder', '山田 花子');
  await expect(page.getByLabel('都道府県').locator('option')).toHaveCount(48);
  await page.getByTestId('place-order').click();
  await expect(page.locator('#prefecture-err')).toHaveText('都道府県を選んでください。');
  await expect(page.locator('#postal-code-err')).toHaveText('郵便番号は 150-0001 のように7桁で入力してください。');
  // The field the page moved to is in sight, not under the sticky header.
  const hidden = await page.evaluate(() => {
    const field = document.activeElement!.getBoundingClientRect();
    return field.top < document.querySelector('.site-header')!.getBoundingClientRect().bottom;
  });
  expect(hidden).toBe(false);
  await page.getByLabel('お名前', { exact: true }).fill('田中 愛子');
  await page.getByLabel('メールアドレス', { exact: true }).fill('aiko@example.jp');
  // As a Japanese input method leaves them: full-width digits, a long-vowel mark for a hyphen.
  await page.getByLabel('〒 郵便番号').fill('１５０－０００１');
  await page.getByLabel('電話番号（任意）').fill('０９０ー１２３４ー５６７８');
  await page.getByLabel('都道府県').selectOption('東京都');
  await page.getByLabel('市区町村').fill('渋谷区');
  await page.getByLabel('番地', { exact: true }).fill('神宮前1-2-3');
  await page.getByLabel('カード番号').fill('4242 4242 4242 4242');
  // A code that does not exist is refused in Japanese, next to its field; without it the order goes through.
  await page.getByLabel('クーポンコード（任意）').fill('NOSUCHCODE');
  await page.getByTestId('place-order').click();
  await expect(page.locator('#coupon-err')).toHaveText('このクーポンコードは見つかりません。入力をご確認ください。');
  await page.getByLabel('クーポンコード（任意）').fill('');
  await expectNoViolations(page, 'checkout in Japanese');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-placed')).toHaveText('ありがとうございます。ご注文を承りました。');
  const orderTaxes = page.getByTestId('tax-lines');
  await expect(orderTaxes).toContainText('10%対象 3,000円（内消費税 272円）');
  await expect(orderTaxes).toContainText('※8%対象 1,300円（内消費税 96円）');
  await expect(page.getByTestId('order-total')).toHaveText('4,300円');
  const placed = await (await page.request.get(`/api/orders/${page.url().split('/o/')[1].split('?')[0]}`)).json();
  expect([placed.address.postal_code, placed.contact.phone]).toEqual(['150-0001', '090-1234-5678']);
  // The address in Japanese order, after 〒.
  await expect(page.getByTestId('ship-to')).toContainText('〒150-0001 東京都 渋谷区 神宮前1-2-3');
  await page.screenshot({ path: shot('order-ja-phone'), fullPage: true });
  await expectNoViolations(page, 'order page in Japanese');

  // The receipt (適格簡易請求書), printed to A4 PDF: issuer, number and both rates.
  await page.getByTestId('receipt-link').click();
  await expect(page.getByRole('heading', { name: '領収書（適格簡易請求書）' })).toBeVisible();
  await expect(page.getByTestId('registration-number')).toHaveText('T7000012050002');
  await expectNoViolations(page, 'receipt in Japanese');
  await page.screenshot({ path: shot('receipt-ja-phone'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: 'e2e/artifacts/receipt-ja.pdf', format: 'A4' });
  expect(execFileSync('pdfinfo', ['e2e/artifacts/receipt-ja.pdf']).toString()).toMatch(/Pages:\s+1\b/);
  const text = execFileSync('pdftotext', ['-layout', 'e2e/artifacts/receipt-ja.pdf', '-']).toString();
  for (const expected of ['株式会社おみやげ', 'T7000012050002', '田中 愛子 様', '東京ばな奈', '風呂敷', '10%対象 3,000円（内消費税 272円）', '※8%対象 1,300円（内消費税 96円）', '4,300円']) {
    expect(text, `the printed receipt holds ${expected}`).toContain(expected);
  }
  expect(text).not.toContain('ご注文ページに戻る');
  await context.close();
});

test('a recipient whose browser prefers Chinese reads and claims a gift in Chinese', async ({ browser, request }) => {
  const claimToken = await sendGift(request, { product_id: 'tenugui', variant_id: 'tenugui-waves', quantity: 1 },
    { sender_name: '花', greeting: 'お誕生日おめでとう！', allow_variant_choice: false });

  const context = await browser.newContext({ locale: 'zh-CN', viewport: PHONE });
  const page = await context.newPage();
  await openGift(page, `/g/${claimToken}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByTestId('greeting')).toHaveText('お誕生日おめでとう！');
  await expect(page.getByTestId('claim')).toHaveText('领取礼物');
  // The gift was bought in Japanese; its recipient reads the product in Chinese.
  await expect(page.locator('main')).toContainText('日式手巾');
  await expect(page.getByText(/领取截止：.*2\d{3}年/)).toBeVisible();
  await expectNoViolations(page, 'gift page in Chinese');
  await page.getByLabel('姓名').fill('王 小明');
  await page.getByLabel('〒 邮政编码').fill('150-0001');
  await page.getByLabel('都道府县').selectOption('東京都');
  await page.getByLabel('市区町村').fill('涩谷区');
  await page.getByLabel('街道门牌').fill('神宫前1-2-3');
  await page.screenshot({ path: shot('gift-zh-phone'), fullPage: true });
  await page.getByTestId('claim').click();
  await expect(page.getByTestId('claimed')).toContainText('礼物是您的了！');
  await context.close();
});

test('a shopper switches to English and the choice survives a reload; the cart follows', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: PHONE });
  const page = await context.newPage();
  // No language of the shop in the preferences: Japanese. A box of sweets goes in the cart.
  await page.goto('/p/yatsuhashi');
  await addToCart(page);
  await page.goto('/cart');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { name: 'カート' })).toBeVisible();
  const line = page.getByTestId('cart-line');
  await expect(line).toContainText('生八つ橋');
  await page.getByLabel('言語').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
  // The line's names follow the language.
  await expect(line).toContainText('Nama Yatsuhashi');
  await expect(line).toContainText('Cinnamon');
  await expect(line).not.toContainText('生八つ橋');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/cart$/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByLabel('Language')).toHaveValue('en');
  await page.getByLabel('Language').selectOption('zh-Hans');
  await expect(page.getByRole('heading', { name: '购物车' })).toBeVisible();
  await expectNoViolations(page, 'cart in Chinese');
  await context.close();
});

test('the back office speaks Japanese to a Japanese browser and switches to Chinese', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/console/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { name: '管理画面にログイン' })).toBeVisible();
  await page.getByLabel('メールアドレス', { exact: true }).fill('admin@demo.omiyage.test');
  await page.getByLabel('パスワード').fill('demo-admin-password');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('who')).toHaveText('Demo Admin · 管理者');
  // Field errors in Japanese, by the field's stable name.
  await page.goto('/console/products/new');
  await page.locator('[id="variants[0].price"]').fill('-5');
  await page.getByTestId('save-product').click();
  await expect(page.locator('[id="variants[0].price-err"]')).toHaveText('価格は0円〜10,000,000円で入力してください。');
  await expect(page.locator('[id="name-err"]')).toHaveText('名前を入力してください（文字数の上限以内）。');
  await page.goto('/console/batches');
  await expect(page.getByRole('heading', { name: 'ギフトコード', exact: true })).toBeVisible();
  await expectNoViolations(page, 'console batches in Japanese');
  await page.screenshot({ path: shot('console-batches-ja-desktop') });
  await page.getByLabel('言語').selectOption('zh-Hans');
  await expect(page.getByRole('heading', { name: '礼物码', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await page.goto('/console/shops');
  await expect(page.getByRole('heading', { name: '合格发票', exact: true })).toBeVisible();
  await expect(page.locator('#issuer-number')).toHaveValue('T7000012050002');
  await page.locator('#issuer-number').fill('T8000012050002');
  await page.getByTestId('issuer-form').getByRole('button').click();
  await expect(page.locator('#issuer-number-err')).toHaveText('此登记号码不存在（校验位不符）。请与通知书核对。');
  await expectNoViolations(page, 'console shops in Chinese');
  // The choice is the shop's too: the storefront now opens in Chinese.
  await page.goto('/cart');
  await expect(page.getByRole('heading', { name: '购物车' })).toBeVisible();
  // Also the pages the server renders before any script runs (the browser still prefers
  // Japanese): the choice travels in the cookie the console set.
  const served = await (await page.request.get('/', { headers: { 'accept-language': 'ja' } })).text();
  expect(served).toMatch(/^<!doctype html><html lang="zh-Hans"/i);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await context.close();
});
