/**
 * Who may see and call a tool under MCP Apps (SEP-1865): `_meta.ui.visibility`, a list of
 * `"model"` (the agent lists and calls it) and `"app"` (an app of the same server calls it);
 * absent means both. A host shows the model only tools visible to it and lets an app call only
 * tools that name `"app"`.
 */
import type { Tool } from '../protocol/schemas/tools.js';

/** One audience of a tool: the model (agent) or an app. */
export type ToolAudience = 'model' | 'app';

const BOTH: readonly ToolAudience[] = Object.freeze(['model', 'app']);

/** The tool's `_meta.ui` object, when it has one. */
function uiMeta(tool: Pick<Tool, '_meta'>): Readonly<Record<string, unknown>> | undefined {
  const ui = tool._meta?.['ui'];
  return typeof ui === 'object' && ui !== null && !Array.isArray(ui) ? (ui as Record<string, unknown>) : undefined;
}

/** The audiences of `tool` (`["model", "app"]` when it declares none; unknown entries are ignored). */
export function toolVisibility(tool: Pick<Tool, '_meta'>): readonly ToolAudience[] {
  const visibility = uiMeta(tool)?.['visibility'];
  if (!Array.isArray(visibility)) return BOTH;
  return visibility.filter((entry): entry is ToolAudience => entry === 'model' || entry === 'app');
}

/** True unless the tool's visibility leaves out `"model"`: the tools a host lists for the model. */
export function isModelVisible(tool: Pick<Tool, '_meta'>): boolean {
  return toolVisibility(tool).includes('model');
}

/** True unless the tool's visibility leaves out `"app"`: the tools an app may call. */
export function isAppCallable(tool: Pick<Tool, '_meta'>): boolean {
  return toolVisibility(tool).includes('app');
}

/** The tools of `tools` the model may see (visibility with `"model"`, or none declared), in order. */
export function modelVisibleTools<T extends Pick<Tool, '_meta'>>(tools: readonly T[]): T[] {
  return tools.filter(isModelVisible);
}

/**
 * The `ui://` resource that renders the tool's app: `_meta.ui.resourceUri`, or the deprecated flat
 * `_meta["ui/resourceUri"]`; `undefined` for a tool without an app.
 */
export function toolUiResourceUri(tool: Pick<Tool, '_meta'>): string | undefined {
  const uri = uiMeta(tool)?.['resourceUri'] ?? tool._meta?.['ui/resourceUri'];
  return typeof uri === 'string' && uri.startsWith('ui://') ? uri : undefined;
}
