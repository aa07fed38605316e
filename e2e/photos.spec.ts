import { test, expect, type Page } from '@playwright/test';
import { PHONE, expectNoViolations, pngOf, shot, signInToConsole } from './helpers';

// A product's photos: the merchant uploads several at once, orders, describes and crops them
// in the console; shoppers swipe through them on a phone and step through them by keyboard,
// each reading the alt texts in their language; a variant with a photo brings it into view.

const DESKTOP = { width: 1280, height: 800 };
const count = (page: Page) => page.getByTestId('gallery-count');

test('the merchant gives a product several photos; shoppers swipe and key through them in their language', async ({ page, browser }) => {
  await page.setViewportSize(DESKTOP);
  await signInToConsole(page);
  await page.goto('/console/products/new');
  await page.getByLabel('Name · 日本語').fill('藍染めの風呂敷');
  await page.getByLabel('Name · English', { exact: true }).fill('Indigo furoshiki');
  await page.getByTestId('category').selectOption({ label: 'Crafts' });

  // Three photos chosen at once: each uploads, with progress, and is described by the name.
  const files = await Promise.all(
    [['spread.png', '#2a4b8d'], ['folded.png', '#8d2a3b'], ['spare.png', '#3b8d2a']].map(async ([name, colour]) => ({
      name, mimeType: 'image/png', buffer: await pngOf(browser, colour),
    })),
  );
  await page.getByTestId('photo-files').setInputFiles(files);
  await expect(page.getByTestId('upload-progress')).toContainText('3 / 3');
  await expect(page.getByTestId('photo-row')).toHaveCount(3);
  await expect(page.locator('[id="photos[2].alt"]')).toHaveValue('藍染めの風呂敷');
  await page.locator('[id="photos[0].alt"]').fill('広げた風呂敷');
  await page.locator('[id="photos[0].translations.en.name"]').fill('The furoshiki spread out');
  await page.locator('[id="photos[1].alt"]').fill('たたんだ風呂敷');
  await page.locator('[id="photos[1].translations.zh-Hans.name"]').fill('叠好的包袱布');
  // The spare one goes; the folded one comes first, so it is the card's.
  await page.getByTestId('photo-row').nth(2).getByTestId('photo-remove').click();
  await expect(page.getByTestId('photo-row')).toHaveCount(2);
  await page.getByTestId('photo-row').nth(1).getByTestId('photo-earlier').click();
  await expect(page.locator('[id="photos[0].alt"]')).toHaveValue('たたんだ風呂敷');
  await expect(page.getByTestId('photo-row').first()).toContainText('on the card');
  // Its focus: a click near the top left keeps that corner when a card crops it.
  const pick = page.getByTestId('photo-row').first().getByTestId('photo-focus-pick');
  const box = (await pick.boundingBox())!;
  await pick.click({ position: { x: box.width * 0.2, y: box.height * 0.1 } });
  await expect(page.locator('[id="photos[0].focus_x"]')).toHaveValue('20');
  await expect(page.locator('[id="photos[0].focus_y"]')).toHaveValue('10');
  await expect(page.getByTestId('photo-row').first().getByTestId('photo-crop')).toHaveAttribute('style', 'object-position:20% 10%');

  // Two variants; the indigo one shows the photo spread out.
  await page.locator('[id="variants[0].name"]').fill('無地');
  await page.locator('[id="variants[0].price"]').fill('2400');
  await page.locator('[id="variants[0].stock"]').fill('5');
  await page.getByTestId('add-variant').click();
  await page.locator('[id="variants[1].name"]').fill('藍');
  await page.locator('[id="variants[1].price"]').fill('2600');
  await page.locator('[id="variants[1].stock"]').fill('5');
  await page.locator('[id="variants[1].photo"]').selectOption({ label: 'Photo 2' });
  await page.screenshot({ path: shot('console-photos-desktop'), fullPage: true });
  await page.getByTestId('save-product').click();
  await expect(page).toHaveURL(/\/console\/products\/indigo-furoshiki$/);
  await page.reload();
  await expect(page.getByTestId('photo-row')).toHaveCount(2);
  await expect(page.locator('[id="photos[1].translations.en.name"]')).toHaveValue('The furoshiki spread out');
  await expect(page.locator('[id="variants[1].photo"]')).toHaveValue(/^\/api\/images\/[0-9a-f]{64}-[0-9a-f]{6}$/);

  // A phone, in English: the first photo is the folded one (no English text: its Japanese
  // one), cropped at its focus; a swipe brings the next.
  const phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'en-GB' });
  const shop = await phone.newPage();
  await shop.goto('/p/indigo-furoshiki');
  const photos = shop.getByTestId('gallery').locator('img');
  await expect(photos).toHaveCount(2);
  await expect(photos.nth(0)).toHaveAttribute('alt', 'たたんだ風呂敷');
  await expect(photos.nth(1)).toHaveAttribute('alt', 'The furoshiki spread out');
  await expect(photos.nth(0)).toHaveAttribute('style', /object-position:20% 10%$/);
  await expect(count(shop)).toHaveText('1 / 2');
  const track = (await shop.locator('.gallery-track').boundingBox())!;
  // A finger's swipe to the left, as the phone's touch screen sends it.
  const cdp = await phone.newCDPSession(shop);
  const [x, y] = [Math.round(track.x + track.width * 0.8), Math.round(track.y + track.height / 2)];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let step = 1; step <= 10; step++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x - step * 25, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(count(shop)).toHaveText('2 / 2');
  await expect(shop.getByRole('button', { name: 'Next photo' })).toBeDisabled();
  await shop.screenshot({ path: shot('product-gallery-phone') });
  // The catalog's card shows the first photo, cropped at its focus.
  await shop.goto('/');
  const card = shop.getByTestId('product-card').filter({ hasText: 'Indigo furoshiki' }).locator('img');
  await expect(card).toHaveAttribute('style', /object-position:20% 10%$/);
  // Far down the grid, its photo waits (only the colour is painted) until the shopper scrolls
  // towards it; then the rendition fitting the card loads, cut to 4:3 around the focus.
  await expect(card).toHaveAttribute('data-srcset', /\.c20-10\.w540\.webp 540w/);
  await expect(card).not.toHaveAttribute('src', /./);
  await card.scrollIntoViewIfNeeded();
  await expect(card).toHaveAttribute('src', /^\/api\/images\//);
  await expect.poll(() => card.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect(await card.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.c20-10\.w(360|540)\.webp$/);
  const [w, h] = await card.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(Math.abs(w * 3 - h * 4)).toBeLessThanOrEqual(4);
  await phone.close();

  // A desktop, in Chinese: the arrow keys, Home and End step through the photos; choosing the
  // indigo variant brings its photo into view.
  const zh = await (await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })).newPage();
  await zh.goto('/p/indigo-furoshiki');
  const zhPhotos = zh.getByTestId('gallery').locator('img');
  await expect(zhPhotos.nth(0)).toHaveAttribute('alt', '叠好的包袱布');
  await expect(zhPhotos.nth(1)).toHaveAttribute('alt', '広げた風呂敷');
  await expect(zh.getByRole('group', { name: '商品照片' })).toBeVisible();
  await zh.locator('.gallery-track').focus();
  await zh.keyboard.press('ArrowRight');
  await expect(count(zh)).toHaveText('2 / 2');
  await zh.keyboard.press('ArrowLeft');
  await expect(count(zh)).toHaveText('1 / 2');
  await zh.keyboard.press('End');
  await expect(count(zh)).toHaveText('2 / 2');
  await zh.keyboard.press('Home');
  await expect(count(zh)).toHaveText('1 / 2');
  await zh.getByRole('button', { name: '下一张照片' }).click();
  await expect(count(zh)).toHaveText('2 / 2');
  await zh.getByRole('button', { name: '上一张照片' }).click();
  await expect(count(zh)).toHaveText('1 / 2');
  await zh.locator('.variant', { hasText: '藍' }).click();
  await expect(count(zh)).toHaveText('2 / 2');
  await expectNoViolations(zh, 'the product page with a gallery (zh)');
  await zh.screenshot({ path: shot('product-gallery-desktop') });
  await zh.context().close();

  // Put away, so the other tests see the demo's 14 products.
  await page.getByTestId('archive').click();
  await expect(page.getByTestId('archive')).toHaveText('Put back in the shop');
});
