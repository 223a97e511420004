import { isPlainTextToolResult } from '../../lib/protocol/quick-checks.js';
import { CallToolResultSchema } from '../../lib/protocol/schemas/tools.js';

describe('quick checks accept only what their schema accepts, unchanged', () => {
  const texts = [{ type: 'text', text: 'a' }, { type: 'text', text: 'a', _meta: { k: 1 } }, { type: 'text', text: 3 }, { type: 'text' }, { type: 'text', text: 'a', _meta: 'x' }, { type: 'text', text: 'a', annotations: { priority: 1 } }, { type: 'image', data: 'x', mimeType: 'image/png' }, { type: 'video' }, null, 'text'];
  const contents = [undefined, [], 'nope', null, ...texts.map((block) => [block]), texts.slice(0, 2)];
  const errors = [undefined, true, false, 'yes'];
  const metas = [undefined, {}, { 'io.modelcontextprotocol/serverInfo': { name: 's', version: '1' } }, [], 'm'];

  it('on every combination of content, isError and _meta', () => {
    let accepted = 0;
    for (const content of contents) {
      for (const isError of errors) {
        for (const _meta of metas) {
          const value = Object.fromEntries(Object.entries({ content, isError, _meta, resultType: 'complete', extra: 1 }).filter(([, v]) => v !== undefined));
          if (!isPlainTextToolResult(value)) continue;
          accepted++;
          const parsed = CallToolResultSchema.safeParse(value);
          expect({ value, success: parsed.success }).toEqual({ value, success: true });
          expect(parsed.data).toEqual(value);
        }
      }
    }
    expect(accepted).toBeGreaterThan(10);
    expect(isPlainTextToolResult('x')).toBe(false);
  });
});
