/**
 * The tool calls panel: each run of a tool is one `group.callTool$` subscription, shown with a
 * progress bar fed by its progress events, its task status (task-based tools), its result, and a
 * cancel button that unsubscribes (the client cancels the request on the server).
 */
import type { Subscription } from 'rxjs';
import type { CallToolResult, ClientGroup, JsonObject } from '../../lib/index.js';
import { $, brief, el } from './dom.js';

let nextRun = 1;

/** What a run reports when it finishes with a result. */
export type RunDone = (result: CallToolResult) => void;

/** Starts tool `name` (a group name) with `args` and shows it; `onResult` hears its result. */
export function startRun(group: ClientGroup, name: string, args: JsonObject, onResult?: RunDone): void {
  const bar = el('progress', { max: '1', value: '0' });
  const status = el('span', { class: 'status', text: 'running' });
  const result = el('div', { class: 'result' });
  const cancel = el('button', { class: 'cancel', text: 'cancel' });
  const row = el('li', { class: 'run', 'data-run': String(nextRun++), 'data-tool': name, 'data-status': 'running', 'data-progress': '' }, el('span', { text: name }), bar, cancel, status, result);
  $('#runs').prepend(row);
  const finish = (state: string, text: string): void => {
    row.dataset['status'] = state;
    status.textContent = state;
    result.textContent = text;
    cancel.disabled = true;
  };
  const subscription: Subscription = group.callTool$(name, args).subscribe({
    next: (event) => {
      if (event.type === 'progress') {
        if (event.total !== undefined) bar.max = event.total;
        bar.value = event.progress;
        row.dataset['progress'] = `${row.dataset['progress'] ? `${row.dataset['progress']},` : ''}${event.progress}`;
        status.textContent = event.message ?? `${event.progress}${event.total !== undefined ? `/${event.total}` : ''}`;
      } else if (event.type === 'task') {
        row.dataset['task'] = event.status;
        row.dataset['tasks'] = `${row.dataset['tasks'] ? `${row.dataset['tasks']},` : ''}${event.status}`;
        status.textContent = `task ${event.status}${event.statusMessage ? `: ${event.statusMessage}` : ''}`;
      } else {
        bar.value = bar.max;
        const text = event.result.content.map((item) => (item.type === 'text' ? item.text : `[${item.type}]`)).join(' ');
        finish(event.result.isError === true ? 'error' : 'done', brief(text || event.result.structuredContent));
        onResult?.(event.result);
      }
    },
    error: (error: unknown) => finish('error', brief(error)),
  });
  cancel.addEventListener('click', () => {
    subscription.unsubscribe();
    finish('cancelled', 'cancelled (unsubscribed)');
  });
}
