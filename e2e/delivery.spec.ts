import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { shot, expectNoViolations, signInToConsole } from './helpers';

// Delivery (issue 33): the admin sets the shop's delivery rules and its name as the labels'
// sender in the console; a shopper's order for a day and slot appears on the packing list by
// ship day; the parcels go out as Yamato B2クラウド's import file (Shift_JIS) and B2's tracking
// file brought back marks the order shipped.

test('delivery rules in the console, a day and slot on the packing list, B2 labels out and tracking numbers in', async ({ browser }) => {
  const admin = await (await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  await signInToConsole(admin);
  await admin.getByRole('link', { name: '配送', exact: true }).click();
  await expect(admin).toHaveURL(/\/console\/delivery$/);
  const form = admin.getByTestId('delivery-settings');
  await expect(form).toBeVisible();
  // A bad cut-off is refused beside its field; nothing is saved.
  await admin.locator('#cutoff_hour').fill('25');
  await admin.getByTestId('save-delivery').click();
  await expect(admin.locator('#cutoff_hour-err')).not.toBeEmpty();
  // Typed as a Japanese keyboard leaves it: full-width digits, a full-width date.
  await admin.locator('#cutoff_hour').fill('１５');
  await admin.getByTestId('closed-0').check();
  await admin.getByTestId('closed-dates').fill('２０２６－１２－３１\n2027-01-01');
  await admin.locator('#shipper-name').fill('おみやげ堂');
  await admin.locator('#shipper-phone').fill('03-1234-5678');
  await admin.locator('#shipper-postal').fill('100-0005');
  await admin.locator('#shipper-address').fill('東京都千代田区丸の内1-1');
  await expectNoViolations(admin, 'delivery settings');
  await admin.getByTestId('save-delivery').click();
  await expect(admin.getByTestId('delivery-saved')).toBeVisible();
  await expect(admin.getByTestId('closed-dates')).toHaveValue('2026-12-31\n2027-01-01');
  await admin.screenshot({ path: shot('console-delivery'), fullPage: true });
  const rules = await (await admin.request.get('/api/admin/delivery')).json();
  expect(rules).toMatchObject({ cutoff_hour: 15, closed_weekdays: [0] });

  // A shopper's order for the day after the earliest, 14–16 (through the API: the app's
  // checkout does not choose a day yet).
  const dates = await (await admin.request.get('/api/delivery')).json();
  const day = new Date(`${dates.earliest}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  const chosen = day.toISOString().slice(0, 10);
  const placed = await admin.request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [{ product_id: 'genmaicha', variant_id: 'genmaicha-200g', quantity: 1 }],
      contact: { name: '佐藤 花子', email: 'hanako.delivery@example.jp', phone: '090-1111-2222' },
      address: { postal_code: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前1-2-3', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      delivery: { date: chosen, slot: '1416' },
    },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  const order = await placed.json();

  // On the console's order page and on the packing list, with the day it ships.
  await admin.goto(`/console/orders/${order.token}`);
  await expect(admin.getByTestId('delivery')).toContainText('14時〜16時');
  await admin.goto('/console/packing');
  const row = admin.locator(`[data-test=parcel][data-reference="${order.reference}"]`);
  await expect(row.getByTestId('parcel-delivery')).toContainText('14時〜16時');
  await expect(row.getByTestId('ships-on')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await expectNoViolations(admin, 'packing list with B2');
  await admin.screenshot({ path: shot('console-packing-b2') });

  // B2's import file, downloaded from the link: Shift_JIS, B2's columns, the shop as sender.
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('b2-export').click()]);
  const text = new TextDecoder('shift_jis').decode(readFileSync(await download.path()));
  const lines = text.split('\r\n');
  expect(lines[0]).toContain('"お客様管理番号","送り状種類"');
  const line = lines.find((l) => l.startsWith(`"${order.reference}"`));
  expect(line).toContain(`"${chosen.replaceAll('-', '/')}","1416"`);
  expect(line).toContain('"佐藤 花子"');
  expect(line).toContain('"おみやげ堂"');

  // B2's issued file brought back marks the order shipped with its number.
  const issued = `伝票番号,お客様管理番号\r\n4455-6677-8899,${order.reference}\r\n1234-5678-9012,NOPE1234\r\n`;
  await admin.getByTestId('b2-tracking').setInputFiles({ name: 'issued.csv', mimeType: 'text/csv', buffer: Buffer.from(issued) });
  await expect(admin.getByTestId('b2-shipped')).toHaveText(order.reference);
  await expect(admin.getByTestId('b2-unknown')).toContainText('NOPE1234');
  const shipped = await (await admin.request.get(`/api/orders/${order.token}`)).json();
  expect(shipped.shipment.tracking_number).toBe('445566778899');
  await admin.context().close();
});
