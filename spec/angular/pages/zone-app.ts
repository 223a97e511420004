/**
 * A page for spec/angular/zone-chromium.spec.ts: an Angular app on zone.js (not zoneless) with
 * the MCP client of rxmcp/angular, JIT-compiled in the browser. It reports on `window.zoneApp`
 * whether the app settles while the client is connected and its streams are live.
 */
import 'zone.js';
import '@angular/compiler';
import { ApplicationRef, NgZone, provideZoneChangeDetection } from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import { filter, firstValueFrom } from 'rxjs';
import { McpClientService, provideMcpClient } from '../../../lib/angular.js';

declare const MCP_URL: string;
declare const MCP_MODE: 'auto' | 'legacy';

/** What the spec reads. */
interface ZoneAppReport {
  readonly state: string;
  readonly tools: number;
  readonly stable: boolean;
  readonly pendingMacrotasks: boolean;
  readonly inAngularZoneWhenEmitted: boolean;
  readonly duringCall: { readonly stable: boolean; readonly pendingMacrotasks: boolean };
}

async function main(): Promise<ZoneAppReport> {
  const app = await createApplication({ providers: [provideZoneChangeDetection({ eventCoalescing: true }), provideMcpClient({ target: MCP_URL, options: { mode: MCP_MODE } })] });
  const zone = app.injector.get(NgZone);
  // inject inside the zone, as a component would
  const mcp = zone.run(() => app.injector.get(McpClientService));
  let inAngularZoneWhenEmitted = true;
  const tools = await zone.run(() => firstValueFrom(mcp.tools$.pipe(filter((list) => list.length > 0))));
  mcp.tools$.subscribe(() => (inAngularZoneWhenEmitted = NgZone.isInAngularZone()));
  // a tool call through the service, with its progress, then the app must settle again
  await zone.run(() => firstValueFrom(mcp.callTool$('progress', { steps: 2 }).pipe(filter((event) => event.type === 'result'))));
  const appRef = app.injector.get(ApplicationRef);
  const stable = await firstValueFrom(appRef.isStable.pipe(filter(Boolean)));
  // while a long call runs (its deadline timer armed, its response open): still settled
  const running = zone.run(() => mcp.callTool$('slow', { ms: 60_000 }).subscribe());
  await zone.run(() => firstValueFrom(mcp.callTool$('echo', { text: 'meanwhile' }).pipe(filter((event) => event.type === 'result'))));
  const duringCall = { stable: await firstValueFrom(appRef.isStable), pendingMacrotasks: zone.hasPendingMacrotasks };
  running.unsubscribe();
  return { state: mcp.state().state, tools: tools.length, stable, pendingMacrotasks: zone.hasPendingMacrotasks, inAngularZoneWhenEmitted, duringCall };
}

(window as unknown as { zoneApp: Promise<ZoneAppReport> }).zoneApp = main();
