/**
 * `npm run dashboard:screenshot`: starts the dashboard (servers.ts), drives it in Debian's
 * Chromium (playwright-core, spec/helpers/chromium.ts) through a few live moments (a run with
 * progress, a task, a log line, a resource update, an MCP App), and saves docs/dashboard.png.
 */
import { join } from 'node:path';
import { launchChromium } from '../../spec/helpers/chromium.js';
import { startDashboard } from './servers.js';

const root = process.cwd();
const dashboard = await startDashboard({ root });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(dashboard.url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000, state: 'attached' });
  const runTool = async (tool: string, args?: string): Promise<void> => {
    const row = page.locator(`.tool[data-tool="${tool}"]`);
    if (args !== undefined) await row.locator('input.args').fill(args);
    await row.locator('button.run-tool').click();
  };
  await runTool('legacy_log', '{"level":"warning","message":"disk almost full"}');
  await runTool('modern_log', '{"level":"info","message":"hello"}');
  await runTool('apps_open-counter');
  await page.waitForSelector('.app[data-initialized=true]', { timeout: 20_000 });
  await page.frameLocator('#app-frames iframe').locator('#add').click();
  await page.waitForSelector('#app-events li.call');
  await page.frameLocator('#app-frames iframe').locator('#forbidden').click();
  await page.waitForSelector('#app-events li.refused');
  await page.frameLocator('#app-frames iframe').locator('#add').click();
  await page.frameLocator('#app-frames iframe').locator('#status', { hasText: 'added, now 42' }).waitFor();
  await page.locator('.server[data-server="legacy"] .resource[data-uri="fixture://greeting"] button.watch').click();
  await runTool('legacy_touch-resource', '{"uri":"fixture://greeting"}');
  await page.waitForSelector('#updates li[data-uri="fixture://greeting"]');
  await runTool('tasks_timed', '{"ms":30000,"interval":300}');
  await page.waitForSelector('.run[data-tool="tasks_timed"][data-task=working]');
  await runTool('legacy_slow', '{"ms":60000}');
  await runTool('modern_progress', '{"steps":40,"delayMs":150}');
  await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('.run[data-tool="modern_progress"] progress')?.value ?? 0) >= 12, undefined, { timeout: 20_000 });
  const out = join(root, 'docs', 'dashboard.png');
  // not fullPage: a full-page capture leaves the app's out-of-process iframe blank
  await page.screenshot({ path: out });
  process.stdout.write(`saved ${out}\n`);
} finally {
  await browser.close();
  await dashboard.close();
}
