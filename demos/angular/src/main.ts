/**
 * The demo's bootstrap: a zoneless standalone app with one MCP client. The server's URL comes from
 * the page's `?server=` parameter (default: `/mcp` on the page's own origin).
 */
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideMcpClient } from 'rxmcp/angular';
import { App } from './app/app';

const server = new URL(location.href).searchParams.get('server') ?? new URL('/mcp', location.href).href;

bootstrapApplication(App, {
  providers: [provideZonelessChangeDetection(), provideMcpClient({ target: server, options: { clientInfo: { name: 'rxmcp-angular-demo', version: '1.0.0' }, logLevel: 'info' } })],
}).then((app) => {
  // for the browser spec: resolves once nothing is pending (a live connection must not hold the app unstable)
  (window as unknown as { demo: { whenStable(): Promise<boolean> } }).demo = { whenStable: () => app.whenStable().then(() => true) };
});
