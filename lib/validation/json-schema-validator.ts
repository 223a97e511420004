/**
 * JSON Schema validation behind a small interface ({@link JsonSchemaValidator}) so users can plug
 * in their own engine (Ajv, for example), and a default implementation on `@cfworker/json-schema`
 * ({@link createJsonSchemaValidator}): pure JavaScript, no code generation, safe in browsers and
 * workers, and it never fetches anything.
 *
 * The default implementation refuses, at compile time and with an {@link InvalidSchemaError}, what
 * it cannot validate faithfully or cheaply: unsupported dialects, `$ref`s that leave the schema or
 * do not resolve, `$ref` loops that never consume input, invalid patterns, `$dynamicRef`, and
 * schemas deeper or larger than the limits. It validates a private copy of the schema, so the
 * caller's object is never modified.
 */
import * as engine from '@cfworker/json-schema';
import { validatorOn, type JsonSchemaValidator, type JsonSchemaValidatorOptions } from './engine-validator.js';

export { DEFAULT_MAX_SCHEMA_DEPTH, DEFAULT_MAX_SCHEMA_ERRORS, DEFAULT_MAX_SCHEMA_NODES, type CompiledSchema, type JsonSchemaValidator, type JsonSchemaValidatorOptions, type SchemaCheck } from './engine-validator.js';

/**
 * The default {@link JsonSchemaValidator}, on `@cfworker/json-schema`. The dialect comes from the
 * root `$schema` (2020-12 when absent; 2019-09, draft-07 and draft-04 when declared).
 */
export function createJsonSchemaValidator(options: JsonSchemaValidatorOptions = {}): JsonSchemaValidator {
  return validatorOn(engine, options);
}
