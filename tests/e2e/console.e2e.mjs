// The web console as a security officer uses it, in a real headless Chromium: log in (a
// wrong password first), read the dashboard, filter the findings, open a file, acknowledge
// it, reload and find the acknowledgement kept, switch to English and back, log out; then
// as a viewer, who sees the acknowledgement but cannot acknowledge. Along the way every
// HTML response is searched for the share's clear personal numbers, the browser console
// must stay free of errors, and screenshots are saved as artefacts.
//
// Run by tests/e2e/run.sh, which prepares the store and the server and passes, in the
// environment: BASE_URL; E2E_USER (an operator) and E2E_VIEWER (a viewer), both with
// E2E_PASSWORD; CLEAR_VALUES (a JSON file of values that must never appear); E2E_ARTIFACTS
// (screenshot folder); PLAYWRIGHT_DIR (the folder holding node_modules/playwright-core);
// CHROMIUM (the browser binary); E2E_FILE_QUERY (a path substring that selects a few
// files); E2E_ZONE (a zone id with some of the findings, or empty).
// It only relies on the hooks doc/console.md declares stable (form field names and
// data-testid attributes), never on layout or wording.

import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const baseUrl = env('BASE_URL');
const user = env('E2E_USER');
const password = env('E2E_PASSWORD');
const artifacts = env('E2E_ARTIFACTS');
const viewer = env('E2E_VIEWER');  // same password as E2E_USER
const fileQuery = env('E2E_FILE_QUERY');
const zone = process.env.E2E_ZONE || '';
const require = createRequire(path.join(env('PLAYWRIGHT_DIR'), 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');

// Values are matched as whole numbers (a digit run, separators allowed) so that a masked
// sample such as 1234-****90 or a longer id never counts as a leak by accident.
const clearValues = new Set(JSON.parse(readFileSync(env('CLEAR_VALUES'), 'utf8')));
assert.ok(clearValues.size > 0, 'no clear values to look for');
const leaks = [];
function checkNoClearValue(where, text) {
  for (const run of text.match(/\d+(?:[- ]\d+)*/g) ?? []) {
    const digits = run.replace(/[- ]/g, '');
    let hit = clearValues.has(run) || clearValues.has(digits);
    for (const width of [10, 12]) {
      for (let i = 0; !hit && i + width <= digits.length; ++i) {
        hit = clearValues.has(digits.slice(i, i + width));
      }
    }
    if (hit) leaks.push(`${where}: a clear personal number (${run.length} characters)`);
  }
}

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
const shots = [];
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  // CI runs as root, where Chromium's sandbox cannot start.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
  timeout: 30_000,
});
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url ?? '';
    // Chromium logs every 4xx as an error: the refused login answers 401 on purpose, and
    // the favicon it asks for by itself is no page of the console.
    const expected =
      (/status of 401/.test(message.text()) && /\/login$/.test(where)) ||
      /\/favicon\.ico$/.test(where);
    if (!expected) problems.push(`console error at ${where}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', async (response) => {
    const status = response.status();
    if (status >= 500) problems.push(`HTTP ${status} for ${response.url()}`);
    if (status >= 300 && status < 400) return;  // a redirect has no body to read
    const type = response.headers()['content-type'] ?? '';
    if (!/html|json|text|csv/.test(type)) return;
    try {
      checkNoClearValue(response.url(), await response.text());
    } catch {
      // The page navigated on before the body was read; its successor is checked instead.
    }
  });

  const pathname = () => new URL(page.url()).pathname;
  const rows = () => page.locator('[data-testid="finding-row"]');
  const shot = async (name) => {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  // A page as wide as the viewport: nothing of it is cut off at a laptop's width.
  const assertFitsWidth = async (what) => {
    const [scroll, inner] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    assert.ok(scroll <= inner + 1, `${what} is ${scroll}px wide in a ${inner}px window`);
  };
  // Runs `action` and waits until the page it leads to has loaded (a form post, a link).
  const navigating = (action) =>
    Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  const submitButton = (form) =>
    form.locator('button[type="submit"], input[type="submit"], button:not([type])').first();
  const loginForm = page.locator('form:has([name="password"])');
  const filterFindings = async (fields) => {
    const form = page.locator('[data-testid="filters"]');
    for (const [name, value] of Object.entries(fields)) {
      const field = form.locator(`[name="${name}"]`);
      if ((await field.evaluate((e) => e.tagName)) === 'SELECT') {
        await field.selectOption(value);
      } else {
        await field.fill(value);
      }
    }
    await navigating(() => submitButton(form).click());
    await page.locator('[data-testid="findings"]').waitFor();
  };

  // A protected page sends a stranger to the login form, in Japanese by default.
  await page.goto(`${baseUrl}/findings`);
  assert.equal(pathname(), '/login', 'a protected page without a session');
  const loginText = await page.locator('body').innerText();
  assert.match(loginText, japanese, 'the login page speaks Japanese by default');
  await shot('01-login');

  // A wrong password: an error, still on the login form, no session.
  await loginForm.locator('[name="username"]').fill(user);
  await loginForm.locator('[name="password"]').fill(`${password}-wrong`);
  await navigating(() => submitButton(loginForm).click());
  assert.equal(pathname(), '/login', 'after a wrong password');
  assert.equal(await page.locator('[data-testid="dashboard"]').count(), 0);
  await page.locator('[data-testid="login-error"]').waitFor({ state: 'visible' });
  await shot('02-login-error');

  await loginForm.locator('[name="username"]').fill(user);
  await loginForm.locator('[name="password"]').fill(password);
  await navigating(() => submitButton(loginForm).click());
  const dashboard = page.locator('[data-testid="dashboard"]');
  // The console may send a user back to the page that asked for the login.
  if ((await dashboard.count()) === 0) await page.goto(`${baseUrl}/`);
  await dashboard.waitFor({ state: 'visible' });
  assert.match(await dashboard.innerText(), /[1-9]/, 'the dashboard shows its figures');
  await assertFitsWidth('the dashboard');
  await shot('03-dashboard');
  await page.setViewportSize({ width: 800, height: 800 });
  await shot('04-dashboard-800px');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`${baseUrl}/findings`);
  await page.locator('[data-testid="findings"]').waitFor({ state: 'visible' });
  const all = await rows().count();
  assert.ok(all > 1, `the findings list shows the share's files (${all} rows)`);
  await assertFitsWidth('the findings list');
  await shot('05-findings');
  await page.setViewportSize({ width: 800, height: 800 });
  await shot('05-findings-800px');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Filtering by text keeps only matching files.
  await filterFindings({ q: fileQuery });
  const matching = await rows().count();
  assert.ok(matching >= 1 && matching < all, `q=${fileQuery}: ${matching} of ${all} rows`);
  for (const text of await rows().allInnerTexts()) {
    assert.ok(text.includes(fileQuery), `row without "${fileQuery}": ${text}`);
  }
  await shot('06-findings-filtered');

  if (zone) {
    await filterFindings({ q: '', zone });
    const inZone = await rows().count();
    assert.ok(inZone >= 1 && inZone < all, `zone=${zone}: ${inZone} of ${all} rows`);
    await filterFindings({ zone: '', q: fileQuery });
  }

  // Open the first match and acknowledge it.
  const link = rows().first().locator('a[data-testid="file-link"]');
  await navigating(() => link.click());
  assert.match(pathname(), /^\/files\/\d+$/, 'the file link');
  const fileUrl = page.url();
  const detail = page.locator('[data-testid="file-detail"]');
  await detail.waitFor({ state: 'visible' });
  assert.match(await detail.innerText(), /\*{2,}/, 'the file page shows masked samples');
  // Evidence is worded in the page's language from the stored facts, never shown raw.
  const evidence = page.locator('ul.violations li');
  assert.ok(await evidence.count() >= 1, 'the file has violations with evidence');
  const evidenceJa = await evidence.allInnerTexts();
  assert.ok(evidenceJa.every((text) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(text)),
            `Japanese evidence: ${evidenceJa.join(' / ')}`);
  assert.ok(evidenceJa.every((text) => !text.includes('{"v"')), 'no raw facts on the page');
  await assertFitsWidth('the file page');
  await shot('07-file');

  const owner = '情報セキュリティ課 佐藤';
  const note = 'E2E: 送付完了後に削除する';
  const ackForm = page.locator('[data-testid="ack-form"]');
  await ackForm.locator('[name="owner"]').fill(owner);
  await ackForm.locator('[name="due_date"]').fill('2026-12-31');
  await ackForm.locator('[name="note"]').fill(note);
  await navigating(() => submitButton(ackForm).click());
  const acknowledgement = page.locator('[data-testid="acknowledgement"]');
  const checkAcknowledged = async () => {
    await acknowledgement.first().waitFor({ state: 'visible' });
    const text = (await acknowledgement.allInnerTexts()).join('\n');
    assert.ok(text.includes(owner), `the acknowledgement names its owner: ${text}`);
    assert.match(text, /2026[-/年]\s*0?12[-/月]\s*31/, 'the acknowledgement keeps its due date');
    assert.ok(text.includes(note), 'the acknowledgement keeps its note');
    assert.ok(text.includes(user), 'the acknowledgement says who made it');
  };
  await checkAcknowledged();
  await page.goto(fileUrl);
  await checkAcknowledged();
  await page.reload();
  await checkAcknowledged();
  await shot('08-file-acknowledged');

  // A forged acknowledgement without the CSRF token, from another site, is refused.
  const fileId = new URL(fileUrl).pathname.split('/').pop();
  const forged = await context.request.post(`${baseUrl}/files/${fileId}/ack`, {
    form: { owner: 'attacker', due_date: '2030-01-01', note: 'forged' },
    headers: { Origin: 'http://attacker.invalid' },
    maxRedirects: 0,
  });
  assert.ok([400, 403].includes(forged.status()), `a forged POST got HTTP ${forged.status()}`);
  await page.reload();
  assert.ok(!(await acknowledgement.allInnerTexts()).join().includes('attacker'));

  // The list knows the file is acknowledged, and no longer open.
  await page.goto(`${baseUrl}/findings`);
  await filterFindings({ q: fileQuery, state: 'acknowledged' });
  assert.equal(await rows().count(), 1, 'state=acknowledged lists the acknowledged file');
  await filterFindings({ state: 'open' });
  assert.equal(await rows().count(), matching - 1, 'state=open leaves it out');

  // English on request, Japanese again.
  await page.goto(`${baseUrl}/`);
  await dashboard.waitFor();
  const langBefore = await page.evaluate(() => document.documentElement.lang);
  const chromeBefore = await page.locator('body').innerText();
  await navigating(() => page.locator('[data-testid="lang-switch"]').click());
  await dashboard.waitFor();
  const langEnglish = await page.evaluate(() => document.documentElement.lang);
  assert.notEqual(await page.locator('body').innerText(), chromeBefore, 'English differs');
  if (langBefore) {
    assert.match(langBefore, /^ja/, 'Japanese by default');
    assert.match(langEnglish, /^en/, 'English after the switch');
  }
  await shot('09-dashboard-en');
  await page.goto(`${baseUrl}/findings`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), langEnglish,
               'the language choice holds across pages');
  await page.goto(fileUrl);
  const evidenceEn = await page.locator('ul.violations li').allInnerTexts();
  assert.ok(evidenceEn.length >= 1 &&
                evidenceEn.every((text) => /people|mode|last modified|protection|can read/.test(text)),
            `English evidence: ${evidenceEn.join(' / ')}`);
  await page.goto(`${baseUrl}/findings`);
  await navigating(() => page.locator('[data-testid="lang-switch"]').click());
  assert.equal(await page.evaluate(() => document.documentElement.lang), langBefore,
               'back to Japanese');

  // An operator acknowledges but does not manage users.
  const admin = await context.request.get(`${baseUrl}/admin/users`, { maxRedirects: 0 });
  assert.equal(admin.status(), 403, 'an operator on /admin/users');

  // Logging out ends the session: protected pages send back to the login form.
  await navigating(() => page.locator('[data-testid="logout"]').click());
  assert.equal(pathname(), '/login', 'after logging out');
  for (const protectedPage of ['/', '/findings', new URL(fileUrl).pathname]) {
    await page.goto(`${baseUrl}${protectedPage}`);
    assert.equal(pathname(), '/login', `${protectedPage} after logging out`);
  }

  // A viewer sees the file and its acknowledgement, but no form to acknowledge.
  await page.goto(`${baseUrl}/login`);
  await loginForm.locator('[name="username"]').fill(viewer);
  await loginForm.locator('[name="password"]').fill(password);
  await navigating(() => submitButton(loginForm).click());
  await dashboard.waitFor({ state: 'visible' });
  await page.goto(fileUrl);
  await detail.waitFor({ state: 'visible' });
  await checkAcknowledged();
  assert.equal(await page.locator('[data-testid="ack-form"]').count(), 0, 'a viewer cannot ack');
  await context.close();
} finally {
  await browser.close();
  for (const file of shots) console.log(`screenshot: ${file}`);
  // Said even when a step failed first: a leak matters more than the step.
  for (const line of [...leaks, ...problems]) console.error(line);
}

assert.deepEqual(problems, [], 'the browser saw errors');
assert.deepEqual(leaks, [], 'a page showed a clear personal value');
console.log('console e2e: ok');
