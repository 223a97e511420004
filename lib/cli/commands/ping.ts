/**
 * `rxmcp ping`: one round trip, and how long it took. A legacy server gets `ping`; 2026-07-28
 * has no ping ("any request shows the server is alive"), so there the round trip is a
 * `server/discover`. That one is sent by `client.session.sendDiscover`, which takes no signal
 * (the library never cancels a discover probe on the wire): Ctrl-C abandons it instead, at once
 * ({@link untilInterrupted}), and closing the connection settles it.
 */
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

/** Pings the server; prints `pong in N ms` (`--json`: `{"ok":true,"ms":N,"method":…}`). */
export async function ping(context: CommandContext): Promise<ExitCode> {
  const { client, interrupt, output } = context;
  const started = performance.now();
  const method = client.era === 'legacy' ? 'ping' : 'server/discover';
  const answered = client.era === 'legacy' ? client.ping({ signal: interrupt.signal }) : client.session.sendDiscover(client.protocolVersion as Parameters<typeof client.session.sendDiscover>[0]);
  await untilInterrupted(interrupt, answered);
  const ms = Math.round((performance.now() - started) * 10) / 10;
  if (output.json) output.document({ ok: true, ms, method });
  else output.line(`pong in ${ms} ms${method === 'ping' ? '' : ` (${method}: this era has no ping)`}`);
  return ExitCode.ok;
}
