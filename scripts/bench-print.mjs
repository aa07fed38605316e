// Prints how long Chromium takes to generate and render the print view of a 500-code gift
// batch (from opening the page until every card's QR code has loaded), and the page's peak
// JavaScript heap. Expects a server with --demo on BASE (default http://127.0.0.1:18080).
import { chromium } from '@playwright/test';

const base = process.env.BASE ?? 'http://127.0.0.1:18080';
const runs = Number(process.env.RUNS ?? 3);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
const api = context.request;
async function signIn(email, password) {
  const r = await api.post('/api/auth/sign-in', { data: { email, password } });
  if (!r.ok()) throw new Error(`sign-in failed: ${r.status()}`);
}
// The admin adds stock for 500 codes, then shop staff create the batch.
await signIn('admin@demo.omiyage.test', 'demo-admin-password');
await api.post('/api/admin/variants/furoshiki-indigo/stock', { data: { rule: 'adjust', delta: 1000 } });
await signIn('staff@demo.omiyage.test', 'demo-staff-password');
const day = new Date(Date.now() + 9 * 3600e3 + 30 * 86400e3).toISOString().slice(0, 10);
const created = Date.now();
const batch = await api.post('/api/batches', {
  data: { product_id: 'furoshiki', variant_id: 'furoshiki-indigo', count: 500, greeting: 'Bench', expires_on: day },
});
if (!batch.ok()) throw new Error(`batch: ${batch.status()} ${await batch.text()}`);
const { id } = await batch.json();
console.log(`  create a 500-code batch (server, one transaction): ${Date.now() - created} ms`);

const times = [];
let peak = 0;
for (let i = 0; i < runs; i++) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = Date.now();
  await page.goto(`/console/batches/${id}/print`);
  await page.getByText('500 cards on 63 A4 sheets: ready to print.').waitFor({ timeout: 60_000 });
  times.push(Date.now() - started);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  peak = Math.max(peak, heap);
  await page.close();
}
times.sort((a, b) => a - b);
console.log(`  print view, 500 cards on 63 sheets, ready (every card and QR code in the page): median ${times[Math.floor(times.length / 2)]} ms (runs: ${times.join(', ')} ms)`);
console.log(`  page JS heap after rendering: ${(peak / 1048576).toFixed(1)} MiB`);
await browser.close();
