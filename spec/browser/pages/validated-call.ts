/**
 * A page that calls a tool with an `outputSchema` (server-everything's `get-structured-content`),
 * so output validation runs and loads its engine on first use, then the same tool with a JSON
 * Schema `outputSchema` of the caller's that its result does not match. The server is the page's
 * `?server=` parameter, else `/mcp` on the page's origin. The outcome goes to
 * `window.__validated` (or the error to `window.__validatedError`).
 */
import { Client, ToolOutputValidationError } from '../../../lib/index.js';

/** What the page reports back. */
export interface ValidatedOutcome {
  readonly data: unknown;
  readonly refusal: string;
}

async function run(): Promise<ValidatedOutcome> {
  const client = await Client.connect(new URLSearchParams(location.search).get('server') ?? `${location.origin}/mcp`);
  try {
    const { data } = await client.callTool('get-structured-content', { location: 'Chicago' });
    let refusal = 'none';
    try {
      await client.callTool('get-structured-content', { location: 'Chicago' }, { outputSchema: { type: 'object', required: ['pressure'] } });
    } catch (error) {
      refusal = error instanceof ToolOutputValidationError ? `${error.name} ${error.reason}` : String(error);
    }
    return { data, refusal };
  } finally {
    await client.close();
  }
}

const page = window as unknown as { __validated?: ValidatedOutcome; __validatedError?: string };
run().then(
  (outcome) => (page.__validated = outcome),
  (error: unknown) => (page.__validatedError = error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
);
