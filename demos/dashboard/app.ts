/**
 * The dashboard page: one rxmcp `ClientGroup` in the browser over every server of `/config.json`,
 * all live. Per server its connection state, its tools (following `list_changed`; tools whose MCP
 * Apps visibility lacks "model" are hidden) with a run button; the runs (progress, task status,
 * result, cancel); the log stream with a level filter; resource update events; MCP Apps.
 */
import { ClientGroup, streamableHttp, type GroupTool, type JsonObject, type ServerState, type Tool } from '../../lib/index.js';
import { isModelVisible, mcpApps, toolUiResourceUri } from '../../lib/apps.js';
import { openApp } from './apps-panel.js';
import { $, brief, el } from './dom.js';
import { startRun } from './runs.js';

interface ServerEntry {
  readonly name: string;
  readonly title: string;
  readonly url: string;
  readonly mode: 'legacy' | '2026-07-28' | 'auto';
}

/** Arguments a run starts with, by tool name (the server's own); other tools get a guess from their schema. */
const EXAMPLES: Readonly<Record<string, JsonObject>> = {
  progress: { steps: 8, delayMs: 250 },
  slow: { ms: 60_000 },
  echo: { text: 'hello', message: 'hello' },
  add: { a: 2, b: 3 },
  log: { level: 'warning', message: 'hello from the dashboard' },
  'add-tool': { name: 'fresh' },
  'touch-resource': { uri: 'fixture://greeting' },
  'open-counter': { start: 40 },
  'trigger-long-running-operation': { duration: 5, steps: 5 },
  complete: { polls: 4, interval: 300 },
  timed: { ms: 4_000, interval: 400 },
};

/** Example arguments for `tool`: a known example, else a value per required property. */
function exampleArguments(tool: Tool): JsonObject {
  const known = EXAMPLES[tool.name];
  if (known !== undefined) {
    const properties = Object.keys((tool.inputSchema as { properties?: object }).properties ?? {});
    return properties.length === 0 ? known : Object.fromEntries(Object.entries(known).filter(([key]) => properties.includes(key)));
  }
  const schema = tool.inputSchema as { properties?: Record<string, { type?: string }>; required?: string[] };
  const args: JsonObject = {};
  for (const key of schema.required ?? []) {
    const type = schema.properties?.[key]?.type;
    args[key] = type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : 'x';
  }
  return args;
}

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const group = new ClientGroup({ prefix: true, clientOptions: { extensions: [mcpApps()], connectTimeoutMs: 15_000, logLevel: 'debug' } });
const servers: ServerEntry[] = ((await (await fetch('/config.json')).json()) as { servers: ServerEntry[] }).servers;

for (const server of servers) {
  $('#servers').append(
    el(
      'section',
      { class: 'server', 'data-server': server.name },
      el('h2', {}, server.name, el('span', { class: 'badge', 'data-state': 'connecting', text: 'connecting' }), el('span', { class: 'title', text: server.title })),
      el('ul', { class: 'tools' }),
      el('ul', { class: 'resources' }),
    ),
  );
}

/** The badge text of a server state: a connected server shows its connection's own state. */
function badgeState(state: ServerState): string {
  return state.state === 'connected' ? state.connection.state : state.state;
}

group.states$.subscribe((states) => {
  for (const [name, state] of states) {
    const badge = document.querySelector<HTMLElement>(`.server[data-server="${name}"] .badge`);
    if (badge === null) continue;
    const text = badgeState(state);
    badge.dataset['state'] = text;
    badge.textContent = text;
    const reason = 'reason' in state ? state.reason : 'error' in state ? state.error : state.state === 'connected' && 'reason' in state.connection ? state.connection.reason : undefined;
    badge.title = reason === undefined ? '' : brief(reason);
  }
});

/** Runs `tool`; a tool with an app opens it with the result. */
function run(tool: GroupTool, args: JsonObject): void {
  const resourceUri = toolUiResourceUri(tool.tool);
  startRun(group, tool.name, args, resourceUri === undefined ? undefined : (result) => void openApp(group.client(tool.server), tool.server, resourceUri, args, result));
}

group.tools$.subscribe((tools) => {
  for (const server of servers) {
    const list = document.querySelector<HTMLElement>(`.server[data-server="${server.name}"] .tools`)!;
    const shown = tools.filter((tool) => tool.server === server.name && isModelVisible(tool.tool));
    const kept = new Set(shown.map((tool) => tool.name));
    for (const item of [...list.children] as HTMLElement[]) if (!kept.has(item.dataset['tool']!)) item.remove();
    for (const tool of shown) {
      if (list.querySelector(`[data-tool="${CSS.escape(tool.name)}"]`) !== null) continue;
      const input = el('input', { class: 'args', value: JSON.stringify(exampleArguments(tool.tool)), 'aria-label': `${tool.name} arguments` });
      const button = el('button', { class: 'run-tool', text: 'run' });
      button.addEventListener('click', () => {
        let args: JsonObject;
        try {
          args = JSON.parse(input.value) as JsonObject;
        } catch {
          input.setCustomValidity('not JSON');
          input.reportValidity();
          return;
        }
        run(tool, args);
      });
      const mark = toolUiResourceUri(tool.tool) === undefined ? '' : 'app';
      list.append(el('li', { class: 'tool', 'data-tool': tool.name, title: tool.tool.description ?? '' }, el('span', { class: 'name', text: tool.tool.name }), el('span', { class: 'app-mark', text: mark }), input, button));
    }
  }
});

group.resources$.subscribe((resources) => {
  for (const server of servers) {
    const list = document.querySelector<HTMLElement>(`.server[data-server="${server.name}"] .resources`)!;
    list.replaceChildren(
      ...resources
        .filter((resource) => resource.server === server.name && !resource.resource.uri.startsWith('ui://'))
        .slice(0, 3)
        .map((resource) => {
          const watch = el('button', { class: 'watch', text: 'watch' });
          watch.addEventListener('click', () => {
            watch.disabled = true;
            group.client(resource.server).resourceUpdates$(resource.resource.uri).subscribe({
              next: (update) => $('#updates').prepend(el('li', { 'data-uri': update.uri, text: `${new Date().toLocaleTimeString()} ${resource.server} updated ${update.uri}` })),
              error: (error: unknown) => $('#updates').prepend(el('li', { class: 'error', text: brief(error) })),
            });
          });
          return el('li', { class: 'resource', 'data-uri': resource.resource.uri }, el('span', { text: `${resource.resource.uri} ` }), watch);
        }),
    );
  }
});

const levelSelect = $('#log-level') as HTMLSelectElement;
const visibleAt = (level: string): boolean => LEVELS.indexOf(level) >= LEVELS.indexOf(levelSelect.value);
levelSelect.addEventListener('change', () => {
  for (const line of document.querySelectorAll<HTMLElement>('#log-lines li')) line.hidden = !visibleAt(line.dataset['level']!);
});
group.logs$.subscribe(({ server, value }) => {
  const lines = $('#log-lines');
  const line = el('li', { 'data-level': value.level, 'data-server': server }, el('span', { class: 'level', text: value.level }), `${server}: ${brief(value.data, 200)}`);
  line.hidden = !visibleAt(value.level);
  lines.prepend(line);
  while (lines.children.length > 200) lines.lastElementChild!.remove();
});

// a dashboard gives up on a dead server's streams quickly (3 attempts, at most 1 s apart), so its
// badge says so: the legacy GET stream (the transport's option) and the 2026-07-28 listen streams (the client's)
const RECONNECT = { initialDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 3 };
await Promise.all(servers.map((server) => group.connect(server.name, streamableHttp(server.url, { reconnect: RECONNECT }), { mode: server.mode, reconnect: RECONNECT }).catch(() => undefined)));
document.body.dataset['ready'] = 'true';
