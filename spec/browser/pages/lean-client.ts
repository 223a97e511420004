/**
 * The minimal client, as a page: `Client.connect(url)` over Streamable HTTP, `listTools`,
 * `callTool$` with progress, `close`. The size spec bundles this same entry (so the budget is
 * about what this page really runs); the Chromium spec loads it against server-everything.
 * The client remembers the server's era in `sessionStorage` (the default in a browser); with
 * `?forget` in the page's URL it is told not to (`eraStore: false`).
 * The outcome goes to `window.__lean` (or the error's name and message to `window.__leanError`).
 */
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../../lib/index.js';

/** What the page reports back. */
export interface LeanOutcome {
  readonly era: string;
  readonly transport: string;
  readonly tools: string[];
  readonly events: (number | 'result')[];
  readonly text: string;
}

async function run(): Promise<LeanOutcome> {
  const forget = new URLSearchParams(location.search).has('forget');
  const client = await Client.connect(`${location.origin}/mcp`, forget ? { eraStore: false } : {});
  try {
    const { tools } = await client.listTools();
    const events = await lastValueFrom(client.callTool$('trigger-long-running-operation', { duration: 0.2, steps: 3 }).pipe(toArray()));
    const last = events.at(-1);
    const text = last !== undefined && last.type === 'result' ? JSON.stringify(last.result.content) : '';
    return {
      era: client.era,
      transport: client.transport.kind,
      tools: tools.map((tool) => tool.name),
      events: events.map((event) => (event.type === 'progress' ? event.progress : 'result')),
      text,
    };
  } finally {
    await client.close();
  }
}

const page = window as unknown as { __lean?: LeanOutcome; __leanError?: string };
run().then(
  (outcome) => (page.__lean = outcome),
  (error: unknown) => (page.__leanError = error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
);
