/**
 * One write to an HTTP response that waits for the socket to take it: resolves at once when the
 * chunk fit, otherwise on `'drain'`, or on `'close'` when the client went away (a hostile server
 * keeps writing until then, so it must never wait forever).
 */
import type { ServerResponse } from 'node:http';

/** Writes `chunk` to `res`, resolving once more may be written (or the response is gone). */
export function writeWithBackpressure(res: ServerResponse, chunk: string | Buffer): Promise<void> {
  return new Promise<void>((resolve) => {
    if (res.destroyed || res.writableEnded || res.write(chunk)) {
      resolve();
      return;
    }
    const settle = (): void => {
      res.off('drain', settle);
      res.off('close', settle);
      resolve();
    };
    res.on('drain', settle);
    res.on('close', settle);
  });
}
