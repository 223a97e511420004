import { excerpt, EXCERPT_CHARS, messageOf } from '../../lib/protocol/describe.js';

describe('describing what went wrong', () => {
  it('quotes short text as is and long text by its start and its length', () => {
    expect(excerpt('not json')).toBe('not json');
    expect(excerpt('x'.repeat(EXCERPT_CHARS))).toBe('x'.repeat(EXCERPT_CHARS));
    expect(excerpt(`${'a'.repeat(EXCERPT_CHARS)}tail`)).toBe(`${'a'.repeat(EXCERPT_CHARS)}… (${EXCERPT_CHARS + 4} chars)`);
  });

  it('takes the message of an Error and the string of anything else thrown', () => {
    expect(messageOf(new TypeError('bad'))).toBe('bad');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
