import { launchChromium, servePage } from './helpers/chromium.js';
test('smoke', async () => {
  const b = await launchChromium(); const p = await servePage({ entry: '/tmp/smoke/page.ts' });
  const tab = await b.newPage(); await tab.goto(p.origin);
  const r = await tab.waitForFunction(() => (window as unknown as { __r?: string }).__r);
  expect(await r.jsonValue()).toBe('function'); await b.close(); await p.close();
}, 30000);
