/**
 * Human-readable forms of what a server returns: one line per tool, prompt or resource, content
 * blocks as text, capabilities as a short list. `--json` output bypasses all of this.
 */
import type { CallToolResult, GetPromptResult, Prompt, Resource, ResourceTemplate, ServerCapabilities, Tool } from '../index.js';
import type { Painter } from './colors.js';

/** A JSON Schema property, as far as the summaries read it. */
interface PropertySchema {
  readonly type?: unknown;
  readonly enum?: readonly unknown[];
}

/** `name(text: string, count?: integer)`: a tool's name and its parameters, required ones unmarked. */
export function toolSignature(tool: Tool, paint: Painter): string {
  const schema = tool.inputSchema as { properties?: Record<string, PropertySchema>; required?: readonly string[] };
  const required = new Set(schema.required ?? []);
  const params = Object.entries(schema.properties ?? {}).map(([name, property]) => `${name}${required.has(name) ? '' : '?'}: ${typeName(property)}`);
  return `${paint('bold', tool.name)}(${params.join(', ')})`;
}

function typeName(property: PropertySchema): string {
  if (Array.isArray(property.enum)) return property.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (Array.isArray(property.type)) return property.type.join(' | ');
  return typeof property.type === 'string' ? property.type : 'any';
}

/** One line per tool: signature, then the description's first line. */
export function toolLines(tools: readonly Tool[], paint: Painter): string[] {
  return tools.map((tool) => withDescription(toolSignature(tool, paint), tool.description, paint));
}

/** One line per prompt: `name(arg, optional?)`, then the description. */
export function promptLines(prompts: readonly Prompt[], paint: Painter): string[] {
  return prompts.map((prompt) => {
    const args = (prompt.arguments ?? []).map((arg) => `${arg.name}${arg.required === true ? '' : '?'}`);
    return withDescription(`${paint('bold', prompt.name)}(${args.join(', ')})`, prompt.description, paint);
  });
}

/** One line per resource, then one per template (marked as such). */
export function resourceLines(resources: readonly Resource[], templates: readonly ResourceTemplate[], paint: Painter): string[] {
  const lines = resources.map((resource) => withDescription(`${paint('bold', resource.uri)}  ${resource.name}${resource.mimeType === undefined ? '' : `  ${resource.mimeType}`}`, resource.description, paint));
  for (const template of templates) {
    lines.push(withDescription(`${paint('bold', template.uriTemplate)}  ${template.name}  ${paint('dim', '(template)')}`, template.description, paint));
  }
  return lines;
}

function withDescription(head: string, description: string | undefined, paint: Painter): string {
  const first = description?.split('\n')[0]?.trim();
  return first === undefined || first === '' ? head : `${head}  ${paint('dim', first)}`;
}

/** A content block as text: text as is, media and links as a bracketed summary. */
export function contentText(block: Readonly<Record<string, unknown>>): string {
  switch (block.type) {
    case 'text':
      return String(block.text);
    case 'image':
    case 'audio':
      return `[${block.type} ${String(block.mimeType ?? '')}, ${base64Bytes(block.data)} bytes]`;
    case 'resource_link':
      return `[resource link ${String(block.uri)}]`;
    case 'resource': {
      const resource = (block.resource ?? {}) as Record<string, unknown>;
      return typeof resource.text === 'string' ? resource.text : `[resource ${String(resource.uri)}, ${base64Bytes(resource.blob)} bytes]`;
    }
    default:
      return JSON.stringify(block);
  }
}

/** The bytes a base64 string decodes to (without decoding it). */
export function base64Bytes(data: unknown): number {
  if (typeof data !== 'string') return 0;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/** The lines of a tool result: its content blocks, or its structured content when it has no block. */
export function toolResultLines(result: CallToolResult): string[] {
  const lines = result.content.map((block) => contentText(block as Record<string, unknown>));
  if (lines.length === 0 && result.structuredContent !== undefined) lines.push(JSON.stringify(result.structuredContent, null, 2));
  return lines;
}

/** The messages of a prompt, each `role: text`. */
export function promptMessageLines(result: GetPromptResult, paint: Painter): string[] {
  const lines: string[] = [];
  if (result.description !== undefined) lines.push(paint('dim', result.description));
  for (const message of result.messages) lines.push(`${paint('bold', `${message.role}:`)} ${contentText(message.content as Record<string, unknown>)}`);
  return lines;
}

/** `tools (listChanged), resources (subscribe, listChanged), logging`. */
export function capabilityList(capabilities: ServerCapabilities): string {
  const parts = Object.entries(capabilities).map(([name, value]) => {
    const flags = value !== null && typeof value === 'object' ? Object.entries(value as Record<string, unknown>).filter(([, flag]) => flag === true).map(([flag]) => flag) : [];
    return flags.length === 0 ? name : `${name} (${flags.join(', ')})`;
  });
  return parts.length === 0 ? '(none)' : parts.join(', ');
}
