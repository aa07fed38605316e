import { defineConfig, devices } from '@playwright/test';

// End-to-end tests against the real server (debug build) serving the release build of the app,
// on a fresh SQLite file, in Debian's Chromium.
const port = Number(process.env.E2E_PORT ?? 8090);
const mockPort = Number(process.env.E2E_MOCK_PORT ?? 8091);
const shortWindowPort = Number(process.env.E2E_SHORT_WINDOW_PORT ?? 8092);
const mailPort = Number(process.env.E2E_MAIL_PORT ?? 8093);
const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 8094);
const cardPort = Number(process.env.E2E_CARD_PORT ?? 8095);
const clockPort = Number(process.env.E2E_CLOCK_PORT ?? 8096);
const server = process.env.OMIYAGE_SERVER_BIN ?? 'target/debug/omiyage-server';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    testIdAttribute: 'data-test',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
        // Lets a test page on another origin frame the shop on 127.0.0.1 (the embed card test).
        '--disable-features=LocalNetworkAccessChecks'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  // Every test shops from 127.0.0.1, so the per-client checkout limit is raised (its own
  // test is in crates/server/tests/api/holds.rs).
  webServer: [
    {
      // The SMTP server the shop mails through: each message lands in e2e/artifacts/mail as JSON.
      command: `rm -rf e2e/artifacts/mail && exec .tools/venv/bin/python scripts/mail-sink.py --dir e2e/artifacts/mail --port ${mailPort}`,
      port: mailPort,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf e2e/artifacts/db && exec ${server} --addr 127.0.0.1:${port} --db e2e/artifacts/db/e2e.db --checkout-limit 1000/60 --static-dir dist --console-dir dist-console --demo --smtp-url smtp://127.0.0.1:${mailPort} --outbox-retry-secs 1 --outbox-attempts 3 --outbox-every-ms 200 --allow-private-webhooks --payout-hold-days 0`,
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Only a static file host for the mock build (dist-mock); the app never calls its API.
      command: `exec ${server} --addr 127.0.0.1:${mockPort} --db e2e/artifacts/mock-db/unused.db --no-seed --no-server-render --static-dir dist-mock`,
      url: `http://127.0.0.1:${mockPort}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Gifts expire after 8 seconds here, so a test can watch a claim window close.
      command: `rm -rf e2e/artifacts/short-db && exec ${server} --addr 127.0.0.1:${shortWindowPort} --db e2e/artifacts/short-db/e2e.db --checkout-limit 1000/60 --static-dir dist --gift-claim-window-secs 8 --gift-expiry-sweep-secs 1`,
      url: `http://127.0.0.1:${shortWindowPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A shop whose clock starts on Wednesday 2026-12-09 at 09:00 in Tokyo, which its tests
      // move forward (`POST /api/test/clock`): delivery days around the noon cut-off.
      command: `rm -rf e2e/artifacts/clock-db && exec ${server} --addr 127.0.0.1:${clockPort} --db e2e/artifacts/clock-db/e2e.db --checkout-limit 1000/60 --static-dir dist --test-clock-at 1796774400 --smtp-url smtp://127.0.0.1:${mailPort} --gift-expiry-sweep-secs 1 --outbox-every-ms 200`,
      url: `http://127.0.0.1:${clockPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A Stripe emulator (localstripe): Stripe's API, its webhooks and a Stripe.js stand-in.
      command: `exec .tools/venv/bin/localstripe --port ${stripePort} --from-scratch`,
      stderr: 'ignore', // its access log
      url: `http://127.0.0.1:${stripePort}/js.stripe.com/v3/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // A shop that takes cards through the emulator; its gifts expire after 15 seconds.
      command: `rm -rf e2e/artifacts/card-db && exec ${server} --addr 127.0.0.1:${cardPort} --db e2e/artifacts/card-db/e2e.db --checkout-limit 1000/60 --card-order-limit 1000/60 --card-client-limit 1000/60 --static-dir dist --console-dir dist-console --demo --smtp-url smtp://127.0.0.1:${mailPort} --gift-claim-window-secs 15 --gift-expiry-sweep-secs 1 --outbox-every-ms 200 --stripe-secret-key sk_test_e2e --stripe-publishable-key pk_test_e2e --stripe-webhook-secret whsec_e2e --stripe-api-base http://127.0.0.1:${stripePort} --stripe-js-url http://127.0.0.1:${stripePort}/js.stripe.com/v3/`,
      url: `http://127.0.0.1:${cardPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
