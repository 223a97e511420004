/**
 * Server log messages (`notifications/message`) and their levels (RFC 5424 severities).
 */
import * as z from 'zod/mini';
import { MetaSchema } from './common.js';

/** Log levels, least severe first. */
export const LOGGING_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;

/** A log level. */
export const LoggingLevelSchema = z.enum(LOGGING_LEVELS);
/** A log level. */
export type LoggingLevel = z.infer<typeof LoggingLevelSchema>;

/** The params of a `notifications/message`. */
export const LoggingMessageParamsSchema = z.looseObject({
  level: LoggingLevelSchema,
  logger: z.optional(z.string()),
  data: z.unknown(),
  _meta: z.optional(MetaSchema),
});
/** A log message from the server. */
export type LoggingMessage = z.infer<typeof LoggingMessageParamsSchema>;
