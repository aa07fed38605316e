import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';

// The shop mails through a real SMTP server (scripts/mail-sink.py, started by the Playwright
// config) that writes each message it receives to e2e/artifacts/mail as JSON.
const MAIL_DIR = 'e2e/artifacts/mail';

export type Mail = {
  message_id: string; to: string[]; subject: string; text: string; html: string;
  list_unsubscribe: string; list_unsubscribe_post: string;
};

/** Every message to `to` received so far. */
export function mailbox(to: string): Mail[] {
  if (!existsSync(MAIL_DIR)) return [];
  return readdirSync(MAIL_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(`${MAIL_DIR}/${n}`, 'utf8')) as Mail)
    .filter((m) => m.to.includes(to));
}

/** The one message to `to` whose subject matches, once it has arrived. */
export async function mail(to: string, subject: RegExp): Promise<Mail> {
  await expect.poll(() => mailbox(to).filter((m) => subject.test(m.subject)).length, { timeout: 20_000 }).toBe(1);
  return mailbox(to).find((m) => subject.test(m.subject))!;
}

/** The first link in a message's text whose path matches. */
export function link(m: Mail, path: RegExp): string {
  const found = m.text.match(new RegExp(`https?://[^\\s]+${path.source}`));
  expect(found, m.text).not.toBeNull();
  return found![0];
}

/**
 * Signs a member in on `page` as a person does: My page's email form, then the link emailed to
 * them (matched by `subject`, in the page's language), opened at `base` (another host name of
 * the same server, for passkeys), and the sign-in button.
 */
export async function signInMember(page: Page, email: string, subject: RegExp, base = '') {
  await page.goto(`${base}/account`);
  await page.locator('#email').fill(email);
  await page.getByTestId('member-send-link').click();
  await expect(page.getByTestId('member-note')).toBeVisible();
  const url = link(await mail(email, subject), /\/account\/link\/[0-9a-f]+/);
  await page.goto(base ? url.replace(/^https?:\/\/[^/]+/, base) : url);
  await page.getByTestId('member-sign-in').click();
  await expect(page.getByTestId('member-email')).toContainText(email);
}

/**
 * Signs a promoter up on `page` as a person does: the form, then the link emailed to them,
 * which signs them in on the console's home.
 */
export async function signUpPromoter(page: Page, name: string, email: string) {
  await page.goto('/console/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByTestId('sign-up').click();
  await expect(page.getByTestId('sign-up-sent')).toContainText(email);
  const sent = await mail(email, /Finish signing up/);
  await page.goto(link(sent, /\/console\/welcome\?token=[0-9a-f]+/));
  await expect(page.getByTestId('who')).toHaveText(`${name} · Promoter`);
}

/** Waits until the app has taken over the server's page (before that, a control changed or
 * clicked is the browser's own, and the app starts from what it rendered). */
export async function appReady(page: Page) {
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
}

/**
 * Adds the product shown to the cart once the app has taken over the server's page (a click
 * before that is the browser's own form submission, and adds nothing), and waits until the
 * cart counts it.
 */
export async function addToCart(page: Page) {
  await appReady(page);
  const count = page.getByTestId('cart-count');
  const before = ((await count.textContent()) ?? '0').trim();
  await page.getByTestId('add-to-cart').click();
  await expect(count).not.toHaveText(before);
}

/**
 * Starts a gift of the product shown once the app has taken over the server's page (a click
 * before that is the browser's own form submission), and waits for the gift's checkout.
 */
export async function sendAsGift(page: Page) {
  await appReady(page);
  await page.getByTestId('send-as-gift').click();
  await expect(page).toHaveURL(/\/checkout\?gift=1$/);
}

/**
 * Goes to a gift link and opens the gift as its recipient does, with a tap on *Open* (before
 * the app has taken over the page, the server's form opens it; after, the app does).
 */
export async function openGift(page: Page, link: string) {
  await page.goto(link);
  await page.getByTestId('open-gift').click();
  await expect(page.getByTestId('open-gift')).toHaveCount(0);
  // Opened by the server's form before the app loaded, the page is the server's until the app
  // adopts it (after the page's load): what is typed before that, the app starts over from.
  await appReady(page);
}

/** Fills a valid Japanese shipping address (checkout and gift claim forms). */
export async function fillAddress(page: Page) {
  await page.getByLabel('Postal code').fill('150-0001');
  await page.getByLabel('Prefecture').selectOption({ label: 'Tokyo' });
  await page.getByLabel('City / ward').fill('Shibuya-ku');
  await page.getByLabel('Street address').fill('1-2-3 Jingumae');
}

/** Fills the checkout's contact and address fields. */
export async function fillContactAndAddress(page: Page, name = 'Aiko Tanaka', email = 'aiko@example.com') {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await fillAddress(page);
}

/** Buys a gift through the API (test card) and returns its claim token. */
export async function sendGift(
  request: APIRequestContext,
  line: { product_id: string; variant_id: string; quantity: number },
  gift: { sender_name: string; greeting: string; allow_variant_choice: boolean },
): Promise<string> {
  const sent = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [line],
      contact: { name: gift.sender_name, email: 'sender@example.jp', phone: '' },
      address: { postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      gift,
    },
  });
  expect(sent.status()).toBe(201);
  return (await sent.json()).gift.claim_token;
}

/** A phone's viewport (the shoppers' usual screen). */
export const PHONE = { width: 390, height: 844 };

/** Where a screenshot named `name` is saved. */
export const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

/** Fails with every axe WCAG 2 A/AA violation on the page as it is. */
export async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what} has accessibility violations`).toEqual([]);
}

/** Signs in to the console (any language) with one of the demo accounts. */
export async function signInToConsole(page: Page, email = 'admin@demo.omiyage.test', password = 'demo-admin-password') {
  await page.goto('/console/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('who')).toBeVisible();
}

/** A real PNG made by the browser: a 64×64 screenshot of a square of `colour`. */
export async function pngOf(browser: Browser, colour = '#2f6b3a'): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 64, height: 64 } });
  await page.setContent(`<body style="margin:0;background:${colour}"></body>`);
  const png = await page.screenshot();
  await page.close();
  return png;
}
