/**
 * Colours, only where they help: on a terminal, never when `NO_COLOR` is set (no-color.org) or
 * the terminal is `dumb`. Node's own `util.styleText` does the escaping.
 */
import { styleText } from 'node:util';

/** The styles the command uses. */
export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';

/** True when text written to `stream` may carry colours. */
export function colorsEnabled(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** A painter for one stream: styles text when the stream takes colours, else returns it as is. */
export type Painter = (style: Style, text: string) => string;

/** The {@link Painter} of `stream`. */
export function painterFor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Painter {
  return colorsEnabled(stream, env) ? (style, text) => styleText(style, text) : (_style, text) => text;
}
