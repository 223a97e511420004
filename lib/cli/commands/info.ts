/** `rxmcp info`: what the connection settled: era, protocol version, server, capabilities, instructions. */
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { capabilityList } from '../format.js';

/** Prints the negotiated facts of the connection (`--json`: one document with the same members). */
export async function info(context: CommandContext): Promise<ExitCode> {
  const { client, output } = context;
  const facts = {
    era: client.era,
    protocolVersion: client.protocolVersion,
    serverInfo: client.serverInfo ?? null,
    capabilities: client.serverCapabilities,
    instructions: client.instructions ?? null,
    transport: client.transport.kind,
  };
  if (output.json) {
    output.document(facts);
    return ExitCode.ok;
  }
  const label = (text: string) => output.paint('bold', text.padEnd(13));
  const server = client.serverInfo;
  output.line(`${label('server')}${server === undefined ? '(unnamed)' : `${server.name} ${server.version}`}`);
  output.line(`${label('era')}${client.era} (protocol ${client.protocolVersion})`);
  output.line(`${label('transport')}${client.transport.kind}`);
  output.line(`${label('capabilities')}${capabilityList(client.serverCapabilities)}`);
  if (client.instructions !== undefined) output.line(`${label('instructions')}${client.instructions}`);
  return ExitCode.ok;
}
