// Prints the image bytes a phone (390×844, DPR 3) downloads for the first view of a page,
// before any scroll: what `srcset`, `sizes` and lazy loading save. Asserts nothing.
// Usage: node scripts/first-view-images.mjs <url>
import { chromium } from '@playwright/test';

const url = process.argv[2];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
const sizes = new Map();
page.on('response', async (r) => {
  if (r.request().resourceType() !== 'image') return;
  const body = await r.body().catch(() => Buffer.alloc(0));
  sizes.set(r.url(), body.length);
});
await page.goto(url, { waitUntil: 'networkidle' });
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
console.log(`first view images at 390 px (DPR 3): ${sizes.size} files, ${(total / 1000).toFixed(1)} KB`);
await browser.close();
