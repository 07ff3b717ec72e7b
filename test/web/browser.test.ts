import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { launchChromium } from '../support/chromium.ts';
import { team } from '../support/sim.ts';

let app: App;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop48-browser-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'loop48.db'),
    LOG_LEVEL: 'silent',
  });
  app = await startApp({ config, directory: team(), logger: silentLogger(), clock: systemClock });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends a line from the chat box and waits for the bot's next question or answer. */
async function send(page: Page, text: string): Promise<void> {
  const before = await page.locator('li.line.out').count();
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
  await expect.poll(() => page.locator('li.line.out').count()).toBeGreaterThan(before);
}

async function openChat(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.on('dialog', () => {
    throw new Error('a script from customer text ran in the page');
  });
  await page.goto(`${app.url}/`);
  await page.locator('#composer').waitFor();
  return page;
}

async function claimFromConsole(staffId: string, number: number): Promise<string> {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${app.url}/console`);
  await page.locator('#staff-id').fill(staffId);
  await page.locator('#key').fill(`demo-${staffId}`);
  await page.locator('#login button[type=submit]').click();
  await page.locator('#composer').waitFor({ state: 'visible' });
  await page.locator('#text').fill(`/ticket claim ${number}`);
  await page.locator('#text').press('Enter');
  const answer = page.locator('li.line.out').last();
  await answer.waitFor();
  const text = (await answer.textContent()) ?? '';
  await context.close();
  return text;
}

describe('the web chat and staff console in a browser', () => {
  it('files a ticket in Japanese and an engineer claims it from the console', async () => {
    const page = await openChat('ja-JP');
    await expect.poll(() => page.locator('h1').textContent()).not.toBe('Service desk');

    await send(page, 'こんにちは、プリンターが動きません');
    await send(page, '佐藤 花子');
    await send(page, 'hanako.sato@example.jp');
    await send(page, '日本');
    await send(page, 'LX-200 シリアル SN-48213');
    await send(page, '紙詰まりが起きて、エラー E-31 が表示され、動かないです。');
    await page.locator('li.line.out .choice').first().waitFor();
    await page.locator('li.line.out').last().locator('.choice', { hasText: '2' }).click();
    await page.locator('li[data-ask="confirm"] .choice').first().waitFor();
    await page.locator('li[data-ask="confirm"] .choice').first().click();

    const created = page.locator('li.line.out', { hasText: '#1001' });
    await created.waitFor();
    expect(await created.textContent()).toMatch(/15/);

    const answer = await claimFromConsole('hiroshi.tanaka', 1001);
    expect(answer).toContain('1001');
    await page.locator('li.line.out', { hasText: 'Tanaka Hiroshi' }).waitFor();
    await page.context().close();
  });

  it('files a ticket in Cantonese and shows markup typed by the customer as plain text', async () => {
    const page = await openChat('zh-HK');
    await send(page, '你好，我部打印機壞咗');
    await send(page, '<b>陳大文</b>');
    await send(page, '+852 9123 4567');
    await send(page, '香港');
    await send(page, 'LX-200 <img src=x onerror=alert(1)>');
    await send(page, '<script>alert("x")</script> 部機壞咗，成日出錯，開唔到。');
    await send(page, '2');
    await page.locator('li[data-ask="confirm"] .choice').first().click();
    await page.locator('li.line.out', { hasText: '#1002' }).waitFor();

    // The summary shows what was typed, character for character, and nothing was parsed.
    const summary = page.locator('li[data-ask="confirm"]').last();
    expect(await summary.textContent()).toContain('<b>陳大文</b>');
    expect(await summary.textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('li.line b, li.line img, li.line script').count()).toBe(0);

    expect(await claimFromConsole('kawai.wong', 1002)).toContain('1002');
    await page.locator('li.line.out', { hasText: 'Wong Ka-wai' }).waitFor();
    await page.context().close();
  });

  it('refuses a console sign-in with a wrong key', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/console`);
    await page.locator('#staff-id').fill('hiroshi.tanaka');
    await page.locator('#key').fill('wrong');
    await page.locator('#login button[type=submit]').click();
    await expect.poll(() => page.locator('#status').textContent()).not.toBe('');
    expect(await page.locator('#composer').isHidden()).toBe(true);
    await page.close();
  });
});
