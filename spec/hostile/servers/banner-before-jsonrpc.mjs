#!/usr/bin/env node
/**
 * A server that prints a human-readable banner on stdout before its first JSON-RPC line (as many
 * hand-made servers do), then serves the fixture server (spec/fixtures/fixture-server.mjs) on the
 * same pipe. The banner lines are not JSON: a client must report them as faults, not lose them.
 */
process.stdout.write('Weather MCP server v1.2 starting...\n');
process.stdout.write('Listening on stdio\n');
await import('../../fixtures/fixture-server.mjs');
