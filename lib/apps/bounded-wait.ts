/**
 * `promise`'s value, or `'timeout'` when it has not settled within `ms`: the host waits this way
 * for an app or a proxy frame that may never answer. The timer is cleared as soon as `promise`
 * settles, so a prompt answer leaves nothing scheduled behind it.
 */
export async function withinBound<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
