/**
 * What the command answers when the server asks something of the client. On a terminal (stdin
 * and stderr both TTYs) the person is asked: a form elicitation becomes one prompt per field of
 * the requested schema (text, number, yes/no, a choice, several choices), a URL elicitation a
 * yes/no on the URL, a sampling request the conversation and a prompt for the reply. Off a
 * terminal nothing can be asked: elicitation is declined and sampling refused, each with a
 * message on stderr saying so. Prompts are drawn with @inquirer/prompts, on stderr, so stdout
 * keeps only results.
 */
import { checkbox, confirm, input, number, select } from '@inquirer/prompts';
import type { ClientOptions, CreateMessageParams, CreateMessageResult, ElicitParams, ElicitResult, InputRequestContext } from '../index.js';
import { SamplingRefusedError } from './errors.js';
import { contentText } from './format.js';
import type { Interrupt } from './interrupt.js';
import type { Output } from './output.js';
import type { ProgressDisplay } from './progress-bar.js';

/** What the interactive answers need. */
export interface InteractiveHost {
  /** True when a person can be asked (stdin and stderr are terminals). */
  readonly interactive: boolean;
  readonly output: Output;
  readonly interrupt: Interrupt;
  /** The progress display currently drawn, hidden while a prompt is shown. */
  readonly progress: () => ProgressDisplay;
}

/** A field of a requested schema (the primitive subset elicitation allows). */
interface FieldSchema {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly enumNames?: readonly string[];
  readonly oneOf?: readonly { const?: unknown; title?: string }[];
  readonly anyOf?: readonly { const?: unknown; title?: string }[];
  readonly items?: FieldSchema;
  readonly minimum?: number;
  readonly maximum?: number;
}

type Choice = { readonly value: string; readonly name: string };
type FieldValue = string | number | boolean | string[];

/** The elicitation and sampling callbacks of `Client.connect`. */
export function serverRequestCallbacks(host: InteractiveHost): Pick<ClientOptions, 'elicitationCallback' | 'samplingCallback'> {
  return {
    elicitationCallback: (params, context) => elicit(host, params, context),
    samplingCallback: (params, context) => sample(host, params, context),
  };
}

async function elicit(host: InteractiveHost, params: ElicitParams, context: InputRequestContext): Promise<ElicitResult> {
  if (!host.interactive) {
    host.output.note(`the server asked for input ("${params.message}"), but this is not a terminal: declined`);
    return { action: 'decline' };
  }
  return ask(host, context, async (ui) => {
    host.output.note(`the server asks: ${params.message}`);
    if (params.mode === 'url') {
      const agreed = await confirm({ message: `Open ${params.url} ?`, default: false }, ui);
      return { action: agreed ? 'accept' : 'decline' };
    }
    if (!(await confirm({ message: 'Answer?', default: true }, ui))) return { action: 'decline' };
    const schema = params.requestedSchema as { properties?: Record<string, FieldSchema>; required?: readonly string[] };
    const required = new Set(schema.required ?? []);
    const content: Record<string, FieldValue> = {};
    for (const [key, field] of Object.entries(schema.properties ?? {})) {
      const value = await askField(key, field, required.has(key), ui);
      if (value !== undefined) content[key] = value;
    }
    return { action: 'accept', content };
  });
}

async function sample(host: InteractiveHost, params: CreateMessageParams, context: InputRequestContext): Promise<CreateMessageResult> {
  if (!host.interactive) {
    host.output.note('the server asked for a model completion (sampling), but this is not a terminal: refused');
    throw new SamplingRefusedError('Sampling refused: rxmcp is not running on a terminal, so nobody can answer');
  }
  const answer = await ask(host, context, async (ui) => {
    host.output.note(`the server asks for a model completion (at most ${params.maxTokens} tokens); you answer as the model:`);
    if (params.systemPrompt !== undefined) host.output.note(`system: ${params.systemPrompt}`);
    for (const message of params.messages) {
      const blocks = Array.isArray(message.content) ? message.content : [message.content];
      host.output.note(`${message.role}: ${blocks.map((block) => contentText(block as Record<string, unknown>)).join(' ')}`);
    }
    if (!(await confirm({ message: 'Answer?', default: true }, ui))) return undefined;
    return input({ message: 'Reply:', required: true }, ui);
  });
  if (answer === undefined) throw new SamplingRefusedError('User rejected sampling request');
  return { role: 'assistant', content: { type: 'text', text: answer }, model: 'rxmcp-cli-user', stopReason: 'endTurn' };
}

/** The streams and signal a prompt runs with. */
interface PromptContext {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly signal: AbortSignal;
  readonly clearPromptOnDone: boolean;
}

/**
 * Runs prompts with the bar hidden; the server cancelling aborts them. Ctrl-C inside a prompt
 * (which the prompt reads as a key) interrupts the whole command, as it would anywhere else.
 */
async function ask<T>(host: InteractiveHost, context: InputRequestContext, body: (ui: PromptContext) => Promise<T>): Promise<T> {
  host.progress().suspend();
  const signal = AbortSignal.any([context.signal, host.interrupt.signal]);
  try {
    return await body({ input: process.stdin, output: process.stderr, signal, clearPromptOnDone: false });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') host.interrupt.trigger();
    throw error;
  }
}

async function askField(key: string, field: FieldSchema, required: boolean, ui: PromptContext): Promise<FieldValue | undefined> {
  const message = `${field.title ?? key}${field.description === undefined ? '' : ` (${field.description})`}${required ? '' : ' [optional]'}:`;
  const choices = choicesOf(field);
  if (field.type === 'array') {
    const options = choicesOf(field.items ?? {}) ?? [];
    const defaults = Array.isArray(field.default) ? new Set(field.default.map(String)) : new Set<string>();
    return checkbox({ message, choices: options.map((choice) => ({ ...choice, checked: defaults.has(choice.value) })) }, ui);
  }
  if (choices !== undefined) {
    const picked = await select({ message, choices: required ? choices : [...choices, { value: '', name: '(none)' }], ...(typeof field.default === 'string' && { default: field.default }) }, ui);
    return picked === '' ? undefined : picked;
  }
  if (field.type === 'boolean') return confirm({ message, ...(typeof field.default === 'boolean' && { default: field.default }) }, ui);
  if (field.type === 'number' || field.type === 'integer') {
    const value = await number(
      { message, required, step: field.type === 'integer' ? 1 : 'any', ...(typeof field.default === 'number' && { default: field.default }), ...(field.minimum !== undefined && { min: field.minimum }), ...(field.maximum !== undefined && { max: field.maximum }) },
      ui,
    );
    return value;
  }
  const text = await input({ message, required, ...(typeof field.default === 'string' && { default: field.default }) }, ui);
  return text === '' && !required ? undefined : text;
}

/** The choices of an enum field (`enum` with optional `enumNames`, or titled `oneOf`/`anyOf` consts). */
function choicesOf(field: FieldSchema): Choice[] | undefined {
  if (Array.isArray(field.enum)) return field.enum.map((value, index) => ({ value: String(value), name: field.enumNames?.[index] ?? String(value) }));
  const titled = field.oneOf ?? field.anyOf;
  if (Array.isArray(titled)) return titled.filter((option) => option.const !== undefined).map((option) => ({ value: String(option.const), name: option.title ?? String(option.const) }));
  return undefined;
}
