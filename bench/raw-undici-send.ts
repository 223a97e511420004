/**
 * The `undici.request` floor: one `request` per message through a keep-alive `Agent`, no WHATWG
 * layer. What an HTTP MCP call costs at the least in Node; rxmcp's Node path is held to it.
 */
import { Agent, request } from 'undici';
import type { RawHttpSend } from './raw-http-send.js';

const agent = new Agent({ keepAliveTimeout: 30_000 });

export const undiciSend: RawHttpSend = async (url, method, headers, body) => {
  const response = await request(url, { method: method as 'POST', headers, body: body ?? null, dispatcher: agent });
  return {
    status: response.statusCode,
    header: (name) => {
      const value = response.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    text: () => response.body.text(),
    json: () => response.body.json(),
    textChunks: () => decoded(response.body),
    discard: async () => {
      await response.body.dump();
    },
  };
};

/** The chunks of a body as text, decoded as they arrive. */
async function* decoded(body: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  for await (const chunk of body) yield decoder.decode(chunk, { stream: true });
}
