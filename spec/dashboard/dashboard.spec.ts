/**
 * `npm run dashboard` end to end: the dashboard's own module (demos/dashboard/servers.ts) starts
 * the servers and the page, Debian's Chromium (spec/helpers/chromium.ts) drives the page, and
 * what the page shows is checked against what the servers saw. One page for the whole file, in
 * order: the last tests kill the modern server, then the legacy one.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Client } from '../../lib/index.js';
import { startDashboard, type Dashboard } from '../../demos/dashboard/servers.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(9_000);
const APP_MIME = 'text/html;profile=mcp-app';

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  [dashboard, browser] = await Promise.all([startDashboard({ root: ROOT }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(dashboard.url);
  await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

/** The upstream endpoint of server `name` (the server itself, not the page's proxy). */
function upstream(name: string): string {
  return dashboard.servers.get(name)!.upstream;
}

/** Fills the arguments of tool `tool` (a group name) and clicks its run button. */
async function run(tool: string, args: object): Promise<void> {
  const row = page.locator(`.tool[data-tool="${tool}"]`);
  await row.locator('input.args').fill(JSON.stringify(args));
  await row.locator('button.run-tool').click();
}

/** The newest run row of `tool`. */
function runRow(tool: string) {
  return page.locator(`.run[data-tool="${tool}"]`).first();
}

/** Calls the fixture's `cancellations` tool on `url` until it reports at least `atLeast` (the server side of a cancel). */
async function cancellationsReach(url: string, atLeast: number, mode: 'legacy' | 'auto'): Promise<number> {
  const client = await Client.connect(url, { mode });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const result = await client.callTool('cancellations', {});
      const count = Number(result.content[0]?.type === 'text' ? result.content[0].text : NaN);
      if (count >= atLeast) return count;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return -1;
  } finally {
    await client.close();
  }
}

/** The counts of the methods the tasks fixture received (its `stats` tool), through the bridge. */
async function tasksStats(): Promise<Record<string, number>> {
  const client = await Client.connect(upstream('tasks'));
  try {
    const stats = await client.callTool('stats', {});
    return JSON.parse(stats.content[0]?.type === 'text' ? stats.content[0].text : '{}') as Record<string, number>;
  } finally {
    await client.close();
  }
}

describe('npm run dashboard (Chromium)', () => {
  it('connects one group to every server and shows each badge connected', async () => {
    for (const name of ['modern', 'legacy', 'everything', 'apps', 'tasks']) {
      await page.waitForSelector(`.server[data-server="${name}"] .badge[data-state=connected]`, { timeout: 10_000 });
    }
    expect(await page.locator('.server').count()).toBe(5);
    expect(await page.locator('.server[data-server="modern"] .tool').count()).toBeGreaterThan(10);
    expect(await page.locator('.server[data-server="everything"] .tool[data-tool="everything_echo"]').count()).toBe(1);
  });

  it.each(['modern', 'legacy'])('runs %s progress: the bar advances event by event, then the result shows', async (server) => {
    await run(`${server}_progress`, { steps: 5, delayMs: 60 });
    const row = runRow(`${server}_progress`);
    await row.locator('xpath=.').and(page.locator('[data-status=done]')).waitFor({ timeout: 8_000 });
    const seen = (await row.getAttribute('data-progress'))!.split(',').map(Number);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(await row.locator('.result').textContent()).toBe('done 5');
    expect(await row.locator('progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([5, 5]);
  });

  it.each([
    ['legacy', 'legacy'],
    ['modern', 'auto'],
  ] as const)('cancel on a %s run stops the call on the server', async (server, mode) => {
    await run(`${server}_slow`, { ms: 60_000 });
    const row = runRow(`${server}_slow`);
    await page.locator(`.run[data-tool="${server}_slow"][data-status=running]`).first().waitFor();
    await row.locator('button.cancel').click();
    expect(await row.getAttribute('data-status')).toBe('cancelled');
    expect(await cancellationsReach(upstream(server), 1, mode)).toBe(1);
  });

  it('shows the task status of a task-based tool, then its result', async () => {
    await run('tasks_complete', { polls: 3, interval: 100 });
    await page.locator('.run[data-tool="tasks_complete"][data-status=done]').waitFor({ timeout: 8_000 });
    const row = runRow('tasks_complete');
    expect(await row.locator('.result').textContent()).toBe('done');
    const statuses = (await row.getAttribute('data-tasks'))!.split(',');
    expect(statuses[0]).toBe('working');
    expect(statuses.at(-1)).toBe('completed');
  });

  it('cancel on a running task cancels the task on the server', async () => {
    await run('tasks_cancellable', {});
    await page.locator('.run[data-tool="tasks_cancellable"][data-task=working]').waitFor({ timeout: 8_000 });
    await runRow('tasks_cancellable').locator('button.cancel').click();
    const client = await Client.connect(upstream('tasks'));
    try {
      let counts: Record<string, number> = {};
      for (let attempt = 0; attempt < 100 && counts['tasks/cancel'] === undefined; attempt++) {
        const stats = await client.callTool('stats', {});
        counts = JSON.parse(stats.content[0]?.type === 'text' ? stats.content[0].text : '{}') as Record<string, number>;
        if (counts['tasks/cancel'] === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(counts['tasks/cancel']).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('shows a task status the stdio server pushes through the bridge: the listen is acknowledged, so the task is not polled', async () => {
    const before = await tasksStats();
    await run('tasks_listened', { ms: 1_500 });
    await page.locator('.run[data-tool="tasks_listened"][data-status=done]').waitFor({ timeout: 8_000 });
    const row = runRow('tasks_listened');
    // the result is in the server's notifications/tasks on the listen stream (the bridge's SSE answer)
    expect(await row.locator('.result').textContent()).toBe('listened');
    expect((await row.getAttribute('data-tasks'))!.split(',').at(-1)).toBe('completed');
    const after = await tasksStats();
    expect((after['subscriptions/listen'] ?? 0) - (before['subscriptions/listen'] ?? 0)).toBe(1);
    // without the acknowledgement the task would be polled every 100 ms for 1.5 s
    expect((after['tasks/get'] ?? 0) - (before['tasks/get'] ?? 0)).toBeLessThanOrEqual(2);
  });

  it('shows a server log line, and the level filter hides and shows it', async () => {
    await run('legacy_log', { level: 'warning', message: 'spec log line' });
    const line = page.locator('#log-lines li', { hasText: 'spec log line' });
    await line.waitFor({ timeout: 8_000 });
    expect(await line.getAttribute('data-level')).toBe('warning');
    expect(await line.getAttribute('data-server')).toBe('legacy');
    await page.selectOption('#log-level', 'error');
    expect(await line.isHidden()).toBe(true);
    await page.selectOption('#log-level', 'warning');
    expect(await line.isVisible()).toBe(true);
    // on 2026-07-28 a request opts in to logs by its _meta log level (the page's clients ask for debug)
    await run('modern_log', { level: 'info', message: 'spec modern log line' });
    const modern = page.locator('#log-lines li', { hasText: 'spec modern log line' });
    await modern.waitFor({ state: 'attached', timeout: 8_000 });
    expect([await modern.getAttribute('data-server'), await modern.getAttribute('data-level'), await modern.isHidden()]).toEqual(['modern', 'info', true]);
    await page.selectOption('#log-level', 'debug');
    expect(await modern.isVisible()).toBe(true);
  });

  it.each(['modern', 'legacy'])('a %s list_changed adds the new tool without a reload', async (server) => {
    const name = `fresh-${server}`;
    expect(await page.locator(`.tool[data-tool="${server}_${name}"]`).count()).toBe(0);
    await run(`${server}_add-tool`, { name });
    await page.locator(`.tool[data-tool="${server}_${name}"]`).waitFor({ timeout: 8_000 });
    await run(`${server}_${name}`, {});
    await page.locator(`.run[data-tool="${server}_${name}"][data-status=done]`).waitFor({ timeout: 8_000 });
    expect(await runRow(`${server}_${name}`).locator('.result').textContent()).toBe(`added ${name}`);
  });

  it('renders an MCP App in a sandboxed iframe under the spec CSP; its call goes through the bridge, a call to a non-app tool is refused', async () => {
    // the ad reached the server; tools whose visibility lacks "model" are not listed
    const seen = (await (await fetch(upstream('apps').replace(/\/mcp$/, '/admin/capabilities'))).json()) as { capabilities: { extensions?: Record<string, { mimeTypes?: string[] }> }[] };
    expect(seen.capabilities.some((capabilities) => capabilities.extensions?.['io.modelcontextprotocol/ui']?.mimeTypes?.includes(APP_MIME))).toBe(true);
    expect(await page.locator('.tool[data-tool="apps_counter-add"]').count()).toBe(0);
    expect(await page.locator('.tool[data-tool="apps_model-only"]').count()).toBe(1);

    await run('apps_open-counter', { start: 40 });
    await page.waitForSelector('.app[data-initialized=true]', { state: 'attached', timeout: 8_000 });
    const iframe = page.locator('#app-frames iframe');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-scripts');
    const srcdoc = (await iframe.getAttribute('srcdoc'))!;
    expect(srcdoc).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline';[^"]*connect-src 'none'; frame-src 'none'; object-src 'none'/);
    const app = page.frameLocator('#app-frames iframe');
    await app.locator('#status', { hasText: 'opened' }).waitFor({ timeout: 8_000 });
    expect(await app.locator('#count').textContent()).toBe('40');

    await app.locator('#add').click();
    await app.locator('#status', { hasText: 'added, now 41' }).waitFor({ timeout: 8_000 });
    await page.locator('#app-events li.call', { hasText: 'counter-add' }).waitFor();

    await app.locator('#forbidden').click();
    await app.locator('#status', { hasText: 'refused:' }).waitFor({ timeout: 8_000 });
    expect(await app.locator('#status').textContent()).toContain('not callable by apps');
    expect(await page.locator('#app-events li.refused').first().textContent()).toBe('refused: AppToolCallRefusedError model-only (not-app-visible)');

    const calls = (await (await fetch(upstream('apps').replace(/\/mcp$/, '/admin/calls'))).json()) as { calls: Record<string, number> };
    expect(calls.calls).toEqual({ 'open-counter': 1, 'counter-add': 1 });
  });

  it.each(['modern', 'legacy'])('a killed %s server turns its badge to degraded or closed', async (server) => {
    const badge = page.locator(`.server[data-server="${server}"] .badge`);
    expect(await badge.getAttribute('data-state')).toBe('connected');
    await dashboard.servers.get(server)!.stop();
    await page.waitForSelector(`.server[data-server="${server}"] .badge:is([data-state=degraded], [data-state=closed])`, { state: 'attached', timeout: 8_000 });
    expect(['degraded', 'closed']).toContain(await badge.getAttribute('data-state'));
    expect(await badge.getAttribute('title')).toMatch(/ReconnectExhaustedError|ConnectionClosedError/);
    expect(await page.locator('.server[data-server="apps"] .badge').getAttribute('data-state')).toBe('connected');
    expect(pageErrors).toEqual([]);
  });
});
