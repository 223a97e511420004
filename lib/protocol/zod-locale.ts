/**
 * zod's English messages for the protocol schemas. `zod/mini` (what the schemas are built with,
 * so a bundle carries only the schema kinds they use) loads no locale by itself, which would turn
 * every `ProtocolViolationError` detail into "Invalid input"; classic zod installs this same
 * locale when imported. Imported for its effect by `schemas/common.ts`, which every schema uses.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
