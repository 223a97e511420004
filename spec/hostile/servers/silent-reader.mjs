#!/usr/bin/env node
/**
 * A server that reads stdin and never answers anything, and stays alive after its stdin ends
 * (only a signal stops it). Negotiating with it can only end by a deadline or an abort.
 */
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => undefined);
setInterval(() => undefined, 60_000);
process.stderr.write(`silent reader ${process.pid}\n`);
