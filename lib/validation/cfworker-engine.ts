/**
 * What the default validator uses of `@cfworker/json-schema`, as the module the client loads
 * with `import()` on first validation (`lazy-json-schema-validator.ts`): naming only these keeps
 * the loaded part (and a non-splitting bundle's copy of it) to what validation runs.
 */
export { dereference, ignoredKeyword, schemaArrayKeyword, schemaMapKeyword, validate } from '@cfworker/json-schema';
