/**
 * The demo page: the server's tools (once through the `async` pipe, once as a signal), a tool run
 * as a resource with a progress bar, its result and a cancel button, and the server's log messages.
 */
import { AsyncPipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { scan } from 'rxjs';
import { McpClientService, type ToolRunRequest } from 'rxmcp/angular';

@Component({
  selector: 'app-root',
  imports: [AsyncPipe],
  template: `
    <h1>rxmcp · Angular</h1>
    <p>Connection: <strong id="state">{{ mcp.state().state }}</strong> · <span id="tool-count">{{ mcp.tools().length }}</span> tools</p>

    <h2>Tools (async pipe)</h2>
    <ul id="tools">
      @for (tool of (mcp.tools$ | async) ?? []; track tool.name) {
        <li><code>{{ tool.name }}</code> {{ tool.description }}</li>
      }
    </ul>

    <h2>Run a tool</h2>
    <label>Tool
      <select id="tool" [value]="tool()" (change)="tool.set($any($event.target).value)">
        @for (tool of mcp.tools(); track tool.name) {
          <option [value]="tool.name">{{ tool.name }}</option>
        }
      </select>
    </label>
    <label>Arguments <input id="args" [value]="args()" (input)="args.set($any($event.target).value)" size="40" /></label>
    <button id="run" (click)="start()">Run</button>
    <button id="cancel" (click)="cancel()" [disabled]="!running()">Cancel</button>
    <p>
      <progress id="progress" [value]="run.value()?.progress?.progress ?? 0" [max]="run.value()?.progress?.total ?? 1"></progress>
      <span id="progress-text">{{ run.value()?.progress?.message ?? '' }}</span>
      · <span id="run-state">{{ runState() }}</span>
    </p>
    <pre id="result">{{ resultText() }}</pre>
    <p id="error">{{ errorText() }}</p>

    <h2>Log</h2>
    <ul id="logs">
      @for (entry of logs(); track $index) {
        <li>[{{ entry.level }}] {{ entry.data }}</li>
      }
    </ul>
  `,
})
export class App {
  readonly mcp = inject(McpClientService);
  readonly tool = signal('progress');
  readonly args = signal('{"steps": 5, "delayMs": 200}');
  private readonly request = signal<ToolRunRequest | undefined>(undefined);
  readonly run = this.mcp.toolResource(() => this.request());
  readonly running = computed(() => this.request() !== undefined && this.run.value()?.done !== true && this.run.status() !== 'error');
  readonly runState = computed(() => (this.request() === undefined ? (this.run.value() === undefined && this.started() ? 'cancelled' : 'idle') : this.run.value()?.done ? 'done' : this.run.status() === 'error' ? 'error' : 'running'));
  readonly resultText = computed(() => {
    const result = this.run.value()?.result;
    return result === undefined ? '' : result.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
  });
  readonly errorText = computed(() => (this.run.status() === 'error' ? String(this.run.error()) : ''));
  /** The last 50 log messages. */
  readonly logs = toSignal(this.mcp.logs$.pipe(scan((list, message) => [...list, message].slice(-50), [] as { level: string; data: unknown }[])), { initialValue: [] });
  private readonly started = signal(false);

  start(): void {
    this.started.set(true);
    this.request.set({ name: this.tool(), args: JSON.parse(this.args()) as Record<string, unknown> });
  }

  cancel(): void {
    this.request.set(undefined);
  }
}
