/**
 * The client's default JSON Schema validator: `createJsonSchemaValidator`'s, with its engine
 * (`@cfworker/json-schema`, the largest part of validation) loaded with `import()` the first time
 * a schema is to be compiled, so a client whose tools declare no output schema never loads it.
 * Whoever compiles awaits {@link LazyJsonSchemaValidator.ready} first; a load that fails is a
 * `PartLoadError`, the result then unvalidated and refused with it.
 */
import { lazyPart, PartLoadError } from '../protocol/part-loader.js';
import { validatorOn, type CompiledSchema, type JsonSchemaValidator, type JsonSchemaValidatorOptions } from './engine-validator.js';

/** The engine's module, loaded once for every client. */
const engineModule = lazyPart('the JSON Schema validator', () => import('./cfworker-engine.js'));

/** A {@link JsonSchemaValidator} whose engine loads on first use: `ready()`, then `compile`. */
export class LazyJsonSchemaValidator implements JsonSchemaValidator {
  private loaded: JsonSchemaValidator | undefined;

  constructor(private readonly options: JsonSchemaValidatorOptions = {}) {}

  /** `undefined` once the engine is loaded (compile at once); otherwise the Promise of loading it. */
  ready(): Promise<void> | undefined {
    if (this.loaded !== undefined) return undefined;
    return engineModule().then((engine) => {
      this.loaded ??= validatorOn(engine, this.options);
    });
  }

  /** Compiles with the loaded engine; before {@link ready} has settled, a `PartLoadError` says so. */
  compile(schema: unknown): CompiledSchema {
    if (this.loaded === undefined) throw new PartLoadError('the JSON Schema validator', new Error('not loaded yet: await ready() first'));
    return this.loaded.compile(schema);
  }
}

/** The Promise of loading `validator`'s engine when it is a {@link LazyJsonSchemaValidator} not loaded yet; `undefined` otherwise. */
export function validatorReady(validator: JsonSchemaValidator): Promise<void> | undefined {
  return validator instanceof LazyJsonSchemaValidator ? validator.ready() : undefined;
}
