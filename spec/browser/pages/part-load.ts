/**
 * A page that connects over HTTP+SSE, a transport loaded with `import()` on first use: the URL
 * of the server is the page's `?server=` parameter. Each run's outcome goes to `window.__runs`
 * (`connected <kind>`, or the error's class and, for a `PartLoadError`, its part); `window.__again()`
 * connects once more on the same page; `?connectTimeoutMs=` bounds the connect.
 */
import { Client, PartLoadError } from '../../../lib/index.js';

const page = window as unknown as { __runs: string[]; __again: () => Promise<void> };
const server = new URLSearchParams(location.search).get('server') ?? '';
const connectTimeoutMs = Number(new URLSearchParams(location.search).get('connectTimeoutMs') ?? '') || undefined;

async function run(): Promise<string> {
  try {
    const client = await Client.connect(server, { httpTransport: 'sse', ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }) });
    const kind = client.transport.kind;
    await client.close();
    return `connected ${kind}`;
  } catch (error) {
    if (error instanceof PartLoadError) return `PartLoadError ${error.part}`;
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

page.__runs = [];
page.__again = async () => {
  page.__runs.push(await run());
};
void page.__again();
