import { expect, test } from '@playwright/test';
import {
  PHONE, addToCart, expectNoViolations, fillContactAndAddress, mailbox, mail, shot, signInMember, signInToConsole,
} from './helpers';

// Not the products other specs buy most (the e2e database is shared and stock runs out).
const CARDS = ['matcha-kitkat', 'uji-sencha', 'tokyo-banana'];

test('a message with three product cards reaches only the fan who asked, in Chinese; one click stops the next; a card brings an order', async ({ browser, request }) => {
  const run = Date.now();
  const fan = `fan-${run}@example.com`;
  const quiet = `quiet-${run}@example.com`;

  // The fan (whose browser is in English) asks for the news, in Chinese, on My page; the
  // other member does not ask.
  const fanContext = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const fanPage = await fanContext.newPage();
  await signInMember(fanPage, fan, /Sign in to Omiyage/);
  await fanPage.getByTestId('member-lang').selectOption('zh-Hans');
  await fanPage.getByTestId('member-news').check();
  await fanPage.getByTestId('member-save-preferences').click();
  await expect(fanPage.getByTestId('preferences-saved')).toBeVisible();
  await expect(fanPage.getByTestId('member-news')).toBeChecked();
  await expectNoViolations(fanPage, 'My page with preferences (en)');
  await fanPage.screenshot({ path: shot('member-preferences-phone'), fullPage: true });
  const quietContext = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
  const quietPage = await quietContext.newPage();
  await signInMember(quietPage, quiet, /Omiyage へのサインイン/);
  await expect(quietPage.getByTestId('member-news')).not.toBeChecked();
  await quietContext.close();

  // The merchant writes the message in the three languages with three cards, and sends it.
  const consoleContext = await browser.newContext({ locale: 'ja-JP' });
  const admin = await consoleContext.newPage();
  await signInToConsole(admin);
  await admin.goto('/console/fans');
  await expect(admin.getByRole('heading', { name: 'ファンへのメッセージ' })).toBeVisible();
  const words: Record<string, [string, string]> = {
    ja: ['新茶のお知らせ', '今年の新茶が入りました。'],
    'zh-Hans': ['新茶上市', '今年的新茶到了，欢迎选购。'],
    en: ['New tea is in', "This year's first tea has arrived."],
  };
  for (const [lang, [subject, text]] of Object.entries(words)) {
    await admin.locator(`#fan-subject-${lang}`).fill(subject);
    await admin.locator(`#fan-text-${lang}`).fill(text);
  }
  for (const id of CARDS) await admin.getByTestId(`fan-product-${id}`).check();
  await expectNoViolations(admin, 'the fans page (ja)');
  await admin.screenshot({ path: shot('console-fans-desktop'), fullPage: true });
  await admin.getByTestId('fan-send').click();
  await expect(admin.getByTestId('fan-sent')).toContainText('1人の会員に送信しました');
  await expect(admin.getByTestId('fan-message')).toHaveCount(1);

  // It reaches the fan in Chinese, with the cards and one-click unsubscribe headers; not the other.
  const message = await mail(fan, /新茶上市/);
  expect(message.text).toContain('今年的新茶到了');
  const cards = message.text.match(/https?:\/\/\S+\/m\/[0-9a-f-]+\/p\/\S+/g) ?? [];
  expect(cards).toHaveLength(3);
  expect(message.list_unsubscribe).toMatch(/^<https?:\/\/\S+\/news\/stop\/\S+>$/);
  expect(message.list_unsubscribe_post).toBe('List-Unsubscribe=One-Click');
  expect(mailbox(quiet).filter((m) => /新茶/.test(m.subject))).toHaveLength(0);

  // A card opens the product; the fan buys it; the message's line counts the order.
  await fanPage.goto(cards[1]);
  await expect(fanPage).toHaveURL(/\/p\/uji-sencha$/);
  await addToCart(fanPage);
  await fanPage.goto('/checkout');
  await fillContactAndAddress(fanPage, 'Wang Fang', fan);
  await fanPage.getByLabel('Card number').fill('4242 4242 4242 4242');
  await fanPage.getByTestId('place-order').click();
  await expect(fanPage.getByTestId('order-placed')).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('fan-orders')).toHaveText('1');

  // One click (as a mail reader does it) stops the news; the next message does not reach the fan.
  const stop = message.list_unsubscribe.slice(1, -1);
  const stopped = await request.post(stop, { form: { 'List-Unsubscribe': 'One-Click' } });
  expect(stopped.status()).toBe(200);
  const page = await fanContext.newPage();
  await page.goto(stop);
  await expectNoViolations(page, 'the stop page (en)');
  const summer: Record<string, [string, string]> = {
    ja: ['夏のギフト', '夏の贈り物をご用意しました。'],
    'zh-Hans': ['夏季礼物', '夏季礼物已上架。'],
    en: ['Summer gifts', 'Our summer gifts are here.'],
  };
  for (const [lang, [subject, text]] of Object.entries(summer)) {
    await admin.locator(`#fan-subject-${lang}`).fill(subject);
    await admin.locator(`#fan-text-${lang}`).fill(text);
  }
  await admin.getByTestId('fan-send').click();
  await expect(admin.getByTestId('fan-sent')).toContainText('0人の会員に送信しました');
  await expect(admin.getByTestId('fan-message')).toHaveCount(2);
  await fanPage.goto('/account');
  await expect(fanPage.getByTestId('member-news')).not.toBeChecked();
  expect(mailbox(fan).filter((m) => /夏季/.test(m.subject))).toHaveLength(0);
  await consoleContext.close();
  await fanContext.close();
});
