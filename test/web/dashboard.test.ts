import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Ticket } from '../../src/store/types.ts';
import { launchChromium } from '../support/chromium.ts';
import { team } from '../support/sim.ts';
import { seedTicket } from '../support/tickets.ts';

/** Wednesday 11 March 2026, 04:00 UTC: the dashboard's "now". */
const NOW = Date.UTC(2026, 2, 11, 4, 0);
const SCREENSHOT = join('test', 'output', 'dashboard.png');

let app: App;
let browser: Browser;
let dir: string;

const seed = (created: number, patch: Partial<Ticket>) =>
  app.store.transaction((tx) => seedTicket(tx, { created, patch }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop48-dashboard-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'loop48.db'),
    LOG_LEVEL: 'silent',
    REPORT_TIME_ZONE: 'UTC',
  });
  app = await startApp({
    config,
    directory: team(),
    logger: silentLogger(),
    clock: new FakeClock(NOW),
    scheduler: false,
  });
  // Closed exactly 48 hours after opening, rated 5, by eng-a.
  await seed(Date.UTC(2026, 2, 8, 2), {
    state: 'closed',
    assigneeId: 'hiroshi.tanaka',
    closedAt: Date.UTC(2026, 2, 10, 2),
    rating: 5,
  });
  // Still open: its 48 hours ended on Tuesday 10 March at 10:00.
  await seed(Date.UTC(2026, 2, 8, 10), { state: 'accepted', assigneeId: 'lei.zhang' });
  // Still open, with its 48 hours running out later today and the day after tomorrow: not missed.
  await seed(Date.UTC(2026, 2, 9, 10), { state: 'accepted', assigneeId: 'lei.zhang' });
  await seed(Date.UTC(2026, 2, 10, 6), { state: 'accepted', assigneeId: 'lei.zhang' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, timezoneId: 'UTC' })).newPage();
  await page.goto(`${app.url}/console`);
  await page.locator('#staff-id').fill('lin.zhou');
  await page.locator('#key').fill('demo-lin.zhou');
  await page.locator('#login button[type=submit]').click();
  await page.locator('#composer').waitFor({ state: 'visible' });
  await page.goto(`${app.url}/dashboard`);
  await page.locator('body[data-ready=yes]').waitFor();
  return page;
}

const values = async (page: Page, id: string) =>
  JSON.parse((await page.locator(id).getAttribute('data-values')) ?? '[]') as (number | null)[];

describe('the staff dashboard in a browser', () => {
  it('draws the 48-hour rate, satisfaction, missed deadlines, open tickets and people', async () => {
    const page = await signedIn('en-GB');
    const closure = await values(page, '#closure-chart');
    expect(closure).toHaveLength(30);
    // 10 March is the 29th of the 30 days ending 11 March: one of its two due tickets closed in
    // time. Today's deadline is still ahead, so today has no rate yet.
    expect(closure[28]).toBe(50);
    expect(closure.filter((v) => v !== null)).toEqual([50]);
    expect((await values(page, '#satisfaction-chart'))[28]).toBe(5);

    // uPlot drew both charts: a canvas each, with the line's pixels on it.
    const drawn = (await page.evaluate(`
      [...document.querySelectorAll('.chart canvas')].map((canvas) => {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let blue = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          if (pixels[i + 2] > 200 && pixels[i] < 80) blue += 1;
        }
        return blue;
      })
    `)) as number[];
    expect(drawn).toHaveLength(2);
    for (const blue of drawn) expect(blue).toBeGreaterThan(0);

    // The missed deadline sits on Tuesday at 10:00, and nowhere else.
    const missed = page.locator('#missed td[data-count]:not([data-count="0"])');
    expect(await missed.count()).toBe(1);
    expect(await missed.getAttribute('data-weekday')).toBe('2');
    expect(await missed.getAttribute('data-hour')).toBe('10');
    expect(await missed.textContent()).toBe('1');

    // Oldest deadline first: the missed one, then today's, then Thursday's.
    const open = await page.locator('#open tbody tr td:first-child').allTextContents();
    expect(open).toEqual(['#1002', '#1003', '#1004']);
    const first = await page.locator('#open tbody tr').first().textContent();
    expect(first).toContain('Accepted');
    expect(first).toContain('48-hour deadline');
    // Day before month, as en-GB writes it: 10 March 2026, 10:00.
    expect(first).toContain('10/03/2026, 10:00');

    // Zhang Lei's two tickets whose deadlines are still ahead count for nothing yet.
    const people = await page.locator('#people tbody tr').allTextContents();
    expect(people).toEqual([
      expect.stringMatching(/^Tanaka Hiroshi11\/1 \(100\.0%\)5\.000\/0$/),
      expect.stringMatching(/^Zhang Lei00\/1 \(0\.0%\)—0\/0$/),
    ]);

    mkdirSync(join('test', 'output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('names the charts’ days in the viewer’s language and writes dates the viewer’s way', async () => {
    const page = await signedIn('en-GB');
    const legend = page.locator('#closure-chart .u-legend .u-series').first();
    expect(await legend.locator('.u-label').textContent()).toBe('Day');
    // Pointing at the chart shows the day under the pointer, day first.
    const box = await page.locator('#closure-chart .u-over').boundingBox();
    if (!box) throw new Error('the chart is not drawn');
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    expect(await legend.locator('.u-value').textContent()).toBe('11 Mar 2026');
  });

  it('follows the viewer language', async () => {
    const page = await signedIn('ja-JP');
    expect(await page.locator('h1').textContent()).toBe('ダッシュボード');
    expect(await page.locator('#open tbody tr').first().textContent()).toContain('48時間');
    const legend = page.locator('#closure-chart .u-legend .u-series').first();
    expect(await legend.locator('.u-label').textContent()).toBe('日付');
    expect(await page.locator('#open tbody tr').first().textContent()).toContain(
      '2026/03/10 10:00',
    );
  });

  it('shows nothing but a way to sign in to someone who is not signed in', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${app.url}/dashboard`);
    await page.locator('#signed-out').waitFor({ state: 'visible' });
    expect(await page.locator('#charts').isHidden()).toBe(true);
    const response = await page.request.get(`${app.url}/api/dashboard`);
    expect(response.status()).toBe(401);
  });
});
