/**
 * The check a host runs before it forwards an app's `tools/call`: the tool must be listed by the
 * app's server and callable by apps (`_meta.ui.visibility` names `"app"`, or declares nothing).
 */
import type { Tool } from '../protocol/schemas/tools.js';
import { AppToolCallRefusedError } from './errors.js';
import { isAppCallable } from './visibility.js';

/**
 * The listed tool `name` when an app may call it; throws {@link AppToolCallRefusedError} (reason
 * `'unknown-tool'` or `'not-app-visible'`) otherwise.
 */
export function checkAppToolCall<T extends Pick<Tool, 'name' | '_meta'>>(tools: readonly T[], name: string): T {
  const tool = tools.find((candidate) => candidate.name === name);
  if (tool === undefined) throw new AppToolCallRefusedError(name, 'unknown-tool');
  if (!isAppCallable(tool)) throw new AppToolCallRefusedError(name, 'not-app-visible');
  return tool;
}
