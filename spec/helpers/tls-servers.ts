/**
 * A local HTTPS server speaking HTTP/2 (and HTTP/1.1 for clients that do not offer h2) with a
 * self-signed certificate made for the test by the `openssl` CLI, serving the official SDK's
 * web-standard MCP handler (`createMcpHandler`, modern era). It counts what arrived on the
 * server side: HTTP/2 sessions, HTTP/1.1 connections, and the protocol of every request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod/v4';

/** A self-signed certificate for 127.0.0.1 and localhost. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

/** Makes a fresh self-signed certificate (RSA 2048, one day). */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'rxmcp-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the server saw. */
export interface H2Counts {
  /** HTTP/2 sessions (connections) opened. */
  sessions: number;
  /** HTTP/1.1 connections (TLS sockets that did not negotiate h2). */
  http1Connections: number;
  /** The HTTP version of every request, in arrival order. */
  readonly versions: string[];
}

/** A running HTTPS MCP server. */
export interface H2McpServer {
  readonly url: string;
  readonly certificate: TestCertificate;
  readonly counts: H2Counts;
  close(): Promise<void>;
}

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'h2', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

/** Starts the server on 127.0.0.1, an ephemeral port. */
export async function startH2McpServer(): Promise<H2McpServer> {
  const certificate = selfSignedCertificate();
  const handler = createMcpHandler(mcpServer, {});
  const counts: H2Counts = { sessions: 0, http1Connections: 0, versions: [] };
  const server = createSecureServer({ ...certificate, allowHTTP1: true }, (request, response) => void serve(request, response));
  server.on('session', () => counts.sessions++);
  server.on('secureConnection', (socket: { alpnProtocol?: string | false }) => {
    if (socket.alpnProtocol !== 'h2') counts.http1Connections++;
  });
  const sessions = new Set<{ close(): void }>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  async function serve(request: Http2ServerRequest, response: Http2ServerResponse): Promise<void> {
    counts.versions.push(request.httpVersion);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (name.startsWith(':') || value === undefined) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
    const answer = await handler.fetch(new Request(`https://127.0.0.1${request.url}`, { method: request.method, headers, ...(body === undefined ? {} : { body }) }));
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'connection' && name !== 'transfer-encoding' && name !== 'keep-alive') out[name] = value;
    });
    response.writeHead(answer.status, out);
    if (answer.body !== null) for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) response.write(chunk);
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/mcp`,
    certificate,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.close();
        server.close(() => resolve());
      }),
  };
}
