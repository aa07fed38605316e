import { test, expect, Page } from '@playwright/test';
import { PHONE, appReady, expectNoViolations, link as linkIn, mail, mailbox, openGift, sendAsGift, shot } from './helpers';

// Delivery days chosen in the shop's app (issue 33), on a shop whose clock the tests move
// (`--test-clock-at`, `POST /api/test/clock`): it starts on Wednesday 2026-12-09 at 09:00 in
// Tokyo, with the default rules (noon cut-off, one day in transit, Yamato's slots). A shopper
// picks a day and a slot at checkout and the earliest day moves at noon; a group gift's
// recipients each pick theirs when claiming and its sender sees them, never the addresses; a
// sender fixes the day and the recipient picks only the time; a gift scheduled to open later
// stays wrapped until then, its sender moves the moment, and its link is emailed at it.

const SHOP = `http://127.0.0.1:${Number(process.env.E2E_CLOCK_PORT ?? 8096)}`;
/** 2026-12-09 (a Wednesday) at `hh`:`mm` in Tokyo. */
const wednesday = (hh: number, mm: number) => Date.UTC(2026, 11, 9, hh - 9, mm) / 1000;

async function moveClockTo(page: Page, at: number) {
  const r = await page.request.post(`${SHOP}/api/test/clock`, { data: { to: at } });
  expect(r.status(), await r.text()).toBe(200);
}

async function fillAddress(page: Page) {
  await page.locator('#postal-code').fill('150-0001');
  await page.locator('#prefecture').selectOption('東京都');
  await page.locator('#city').fill('渋谷区');
  await page.locator('#line1').fill('神宮前1-2-3');
}

/** The values offered by the select `id` (its "no preference" first). */
async function options(page: Page, id: string): Promise<string[]> {
  return page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
}

test('a shopper picks the day after next at 14–16 at checkout, and at noon the earliest day moves', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: PHONE });
  const page = await ctx.newPage();
  await moveClockTo(page, wednesday(11, 50));
  await page.goto(`${SHOP}/p/genmaicha`);
  await appReady(page);
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.goto(`${SHOP}/checkout`);
  // Before noon a parcel ships today: tomorrow is the earliest day, thirty days ahead the last.
  const day = page.locator('#delivery-date');
  await expect(day).toBeVisible();
  const days = await options(page, 'delivery-date');
  expect(days.slice(0, 3)).toEqual(['', '2026-12-10', '2026-12-11']);
  expect(days.at(-1)).toBe('2027-01-08');
  await expect(page.locator('#delivery-date option').nth(2)).toHaveText('12月11日(金)');
  expect(await options(page, 'delivery-slot')).toEqual(['', '0812', '1416', '1618', '1820', '1921']);
  await expect(page.locator('#delivery-slot option').nth(2)).toHaveText('14時〜16時');

  await page.locator('#name').fill('佐藤 花子');
  await page.locator('#email').fill('hanako.days@example.jp');
  await fillAddress(page);
  await day.selectOption('2026-12-11');
  await page.locator('#delivery-slot').selectOption('1416');
  await expectNoViolations(page, 'checkout with delivery days');
  await page.screenshot({ path: shot('checkout-delivery-phone'), fullPage: true });
  await page.locator('#card-number').fill('4242 4242 4242 4242');
  await page.getByTestId('place-order').click();

  // The order page (the server's) says when it arrives.
  await expect(page.getByTestId('order-placed')).toBeVisible();
  await expect(page.getByTestId('order-delivery')).toHaveText('お届け希望日時: 2026年12月11日(金) 14時〜16時');
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await page.screenshot({ path: shot('order-delivery-phone'), fullPage: true });

  // Noon passes: today's parcels are gone, the earliest day is now Friday.
  await moveClockTo(page, wednesday(12, 5));
  await page.goto(`${SHOP}/p/genmaicha`);
  await appReady(page);
  await page.getByTestId('add-to-cart').click();
  await page.goto(`${SHOP}/checkout`);
  await expect(page.locator('#delivery-date')).toBeVisible();
  expect((await options(page, 'delivery-date')).slice(0, 2)).toEqual(['', '2026-12-11']);
  await ctx.close();
});

/** Buys a gift of `quantity` Tokyo Bananas in the app as 花子 (ja); returns the order page. */
async function buyGift(page: Page, quantity: string, fixDay?: string): Promise<string> {
  await page.goto(`${SHOP}/p/tokyo-banana`);
  await appReady(page);
  await page.getByTestId('quantity').selectOption(quantity);
  await sendAsGift(page);
  await page.locator('#name').fill('佐藤 花子');
  await page.locator('#email').fill('hanako.gift@example.jp');
  await page.locator('#sender-name').fill('花子');
  await page.getByTestId('greeting').fill('いつもありがとう');
  // A plain order's picker is not a gift's: the sender may only fix the day.
  await expect(page.locator('#gift-day-date')).toBeVisible();
  await expect(page.locator('#delivery-slot')).toBeHidden();
  if (fixDay) await page.locator('#gift-day-date').selectOption(fixDay);
  await page.locator('#card-number').fill('4242 4242 4242 4242');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('sender-gift')).toBeVisible();
  return page.getByTestId('gift-link').inputValue();
}

async function claim(page: Page, link: string, name: string, choose: (page: Page) => Promise<void>) {
  await openGift(page, link);
  await expect(page.getByTestId('claim-form')).toBeVisible();
  await page.locator('#name').fill(name);
  await fillAddress(page);
  await choose(page);
  await page.getByTestId('claim').click();
  await expect(page.getByTestId('claimed')).toBeVisible();
}

test('each recipient of a group gift picks a day and a time, and the sender sees them but no address', async ({ browser }) => {
  const sender = await (await browser.newContext({ locale: 'ja-JP', viewport: PHONE })).newPage();
  const link = await buyGift(sender, '2');

  const picks: [string, string, string, string][] = [
    ['王 芳', '2026-12-12', '1416', '12月12日周六'],
    ['李 明', '2026-12-15', '1820', '12月15日周二'],
  ];
  for (const [name, date, slot, label] of picks) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const page = await ctx.newPage();
    await claim(page, link, name, async (p) => {
      await expect(p.locator('#claim-delivery-date')).toBeVisible();
      await expect(p.locator(`#claim-delivery-date option[value="${date}"]`)).toHaveText(label);
      await p.locator('#claim-delivery-date').selectOption(date);
      await p.locator('#claim-delivery-slot').selectOption(slot);
      if (name === '王 芳') {
        await expectNoViolations(p, 'claim with delivery days (zh)');
        await p.screenshot({ path: shot('claim-delivery-zh-phone'), fullPage: true });
      }
    });
    await expect(page.getByTestId('claimed-delivery')).toContainText(slot === '1416' ? '14点–16点' : '18点–20点');
    await ctx.close();
  }

  // The sender's page: each unit's day and time, and none of the recipients' details.
  await sender.reload();
  await expect(sender.getByTestId('gift-unit-delivery')).toHaveText([
    'お届け希望日時: 2026年12月12日(土) 14時〜16時',
    'お届け希望日時: 2026年12月15日(火) 18時〜20時',
  ]);
  const seen = await sender.locator('main').innerText();
  for (const secret of ['王 芳', '李 明', '神宮前', '150-0001']) expect(seen).not.toContain(secret);
  await sender.screenshot({ path: shot('gift-delivery-sender-phone'), fullPage: true });
});

test('a sender fixes the day and the recipient only picks the time', async ({ browser }) => {
  const sender = await (await browser.newContext({ locale: 'ja-JP', viewport: PHONE })).newPage();
  const link = await buyGift(sender, '1', '2026-12-24');

  const ctx = await browser.newContext({ locale: 'en-GB', viewport: PHONE });
  const page = await ctx.newPage();
  await claim(page, link, 'Ken Mori', async (p) => {
    await expect(p.getByTestId('claim-delivery-fixed')).toHaveText('Delivery day: Thu 24 December (chosen by the sender)');
    await expect(p.locator('#claim-delivery-date')).toHaveCount(0);
    await p.locator('#claim-delivery-slot').selectOption('1921');
    await expectNoViolations(p, 'claim on a fixed day (en)');
  });
  await expect(page.getByTestId('claimed-delivery')).toHaveText('Delivery: Thu 24 Dec 2026 19:00–21:00');
  await ctx.close();
  await sender.reload();
  await expect(sender.getByTestId('gift-unit-delivery')).toHaveText(['お届け希望日時: 2026年12月24日(木) 19時〜21時']);
});

test('a gift scheduled for the afternoon stays wrapped until then, and its link is emailed at that moment', async ({ browser }) => {
  const sender = await (await browser.newContext({ locale: 'ja-JP', viewport: PHONE })).newPage();
  await sender.goto(`${SHOP}/p/tokyo-banana`);
  await appReady(sender);
  await sendAsGift(sender);
  await sender.locator('#name').fill('佐藤 花子');
  await sender.locator('#email').fill('hanako.scheduled@example.jp');
  await sender.locator('#sender-name').fill('花子');
  await sender.locator('#recipient-email').fill('ken.scheduled@example.jp');
  await sender.locator('#opens-at').fill('2026-12-09T15:00');
  await sender.locator('#card-number').fill('4242 4242 4242 4242');
  await sender.getByTestId('place-order').click();
  await expect(sender.getByTestId('gift-opens-at')).toHaveText('開けられる日時: 2026年12月9日(水) 15:00');
  const link = await sender.getByTestId('gift-link').inputValue();

  // Opened before its moment: wrapped, who it is from and when it opens, nothing else.
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: PHONE });
  const recipient = await ctx.newPage();
  await openGift(recipient, link);
  await expect(recipient.getByTestId('gift-not-yet')).toContainText('Wed 9 Dec 2026, 15:00 (JST)');
  await expect(recipient.getByTestId('claim-form')).toHaveCount(0);
  await expect(recipient.locator('main')).not.toContainText('Tokyo Banana');
  await expectNoViolations(recipient, 'a gift not opened yet (en)');
  await recipient.screenshot({ path: shot('gift-not-yet-phone'), fullPage: true });

  // The sender moves it an hour later.
  await sender.locator('#opens-at-change').fill('2026-12-09T16:00');
  await sender.getByTestId('reschedule').click();
  await expect(sender.getByTestId('gift-opens-at')).toHaveText('開けられる日時: 2026年12月9日(水) 16:00');
  await sender.screenshot({ path: shot('gift-scheduled-sender-phone'), fullPage: true });

  // 15:30: still wrapped, nobody told. 16:01: its link arrives, once, and opens the gift.
  await moveClockTo(sender, wednesday(15, 30));
  await recipient.reload();
  await expect(recipient.getByTestId('gift-not-yet')).toContainText('16:00');
  expect(mailbox('ken.scheduled@example.jp')).toHaveLength(0);
  await moveClockTo(sender, wednesday(16, 1));
  const sent = await mail('ken.scheduled@example.jp', /花子さんからギフトが届きました/);
  const emailed = linkIn(sent, /\/g\/[0-9a-f-]{36}/);
  expect(emailed.endsWith(new URL(link).pathname)).toBe(true);
  await openGift(recipient, emailed);
  await expect(recipient.getByTestId('claim-form')).toBeVisible();
  await expect(recipient.locator('main')).toContainText('Tokyo Banana');
  await ctx.close();
});
