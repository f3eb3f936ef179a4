// Shared pieces of the browser tests: the demo server and Chromium each test file starts and
// stops (useHub), pages, signing in through the UI, navigation and screenshots.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** launchBrowser starts Debian's Chromium headless, as every browser test runs it. */
export function launchBrowser() {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** newPage opens a page in a fresh context (1280×900 unless options say otherwise). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** loginOf returns the demo login the server printed for email. */
export function loginOf(server, email) {
  const login = server.logins.find((candidate) => candidate.email === email);
  assert.ok(login, `the demo printed no login for ${email}`);
  return login;
}

/** signIn signs in through the login screen as the demo user email and returns the session. */
export async function signIn(page, server, email) {
  const { password } = loginOf(server, email);
  await page.goto(`${server.base}/login`);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/v2/auth/login'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const session = await (await answer).json();
  assert.ok(session.access_token, `login of ${email} refused: ${JSON.stringify(session)}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return session;
}

/** nav follows a link of the main navigation. */
export const nav = (page, label) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true }).click();

/** shot saves a screenshot under e2e/screenshots. */
export const shot = (page, name, fullPage = true) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage });

/**
 * useHub registers the before and after of a test file: before its tests it starts the demo
 * server (server.mjs, with serverOptions) and Chromium, after them it closes both. It returns the
 * handles, set once before has run (hub.server, hub.browser), and the helpers above bound to them:
 * hub.loginOf(email), hub.newPage(options), hub.signIn(page, email).
 *
 * services are more servers the file runs next to the hub (a partner's site, a webhook receiver),
 * by name: each is started before the hub and stopped after it, and hub[name] is what its start
 * resolved to.
 */
export function useHub({ serverOptions, services = {} } = {}) {
  const hub = {
    server: undefined,
    browser: undefined,
    loginOf: (email) => loginOf(hub.server, email),
    newPage: (options) => newPage(hub.browser, options),
    signIn: (page, email) => signIn(page, hub.server, email),
  };
  before(async () => {
    for (const [name, service] of Object.entries(services)) hub[name] = await service.start();
    hub.server = await startServer(serverOptions);
    hub.browser = await launchBrowser();
  });
  after(async () => {
    await hub.browser?.close();
    hub.server?.stop();
    for (const [name, service] of Object.entries(services)) if (hub[name] !== undefined) await service.stop(hub[name]);
  });
  return hub;
}
