/**
 * Delivery to the callbacks given at connect (`loggingCallback`, `messageHandler`), and the log
 * route they share with `logs$`: each log message parsed once. A callback's exception is
 * reported (a `CallbackError`), never thrown.
 */
import type { Observable } from 'rxjs';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { RxMcpError } from '../protocol/errors.js';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import { LoggingMessageParamsSchema, type LoggingMessage } from '../protocol/schemas/logging.js';
import { CallbackError } from './callback-error.js';
import type { ClientOptions } from './client-options.js';

/** A `notifications/message` and its params parsed (`message` is undefined when they are not a valid log message). */
export interface LogRecord {
  readonly notification: JsonRpcNotification;
  readonly message: LoggingMessage | undefined;
}

/** Parses a log notification's params once, for every consumer of the log route. */
export function logRecord(notification: JsonRpcNotification): LogRecord {
  const parsed = LoggingMessageParamsSchema.safeParse(notification.params);
  return { notification, message: parsed.success ? parsed.data : undefined };
}

/** Calls `messageHandler` (if any) with `message`; its exception goes to `report`. */
export function callMessageHandler(options: ClientOptions, message: JsonRpcNotification | RxMcpError, report: (error: CallbackError) => void): void {
  const handler = options.messageHandler;
  if (handler === undefined) return;
  try {
    handler(message);
  } catch (error) {
    report(new CallbackError('messageHandler', error));
  }
}

/**
 * Feeds `loggingCallback` and `messageHandler`; their exceptions go to `report`.
 * `messageHandler` first gets the faults that arrived while connecting, once.
 */
export function deliverToCallbacks(
  options: ClientOptions,
  dispatcher: Dispatcher,
  logRecords$: Observable<LogRecord>,
  connectFaults: readonly RxMcpError[],
  report: (error: CallbackError) => void,
): void {
  const { loggingCallback, messageHandler } = options;
  if (loggingCallback === undefined && messageHandler === undefined) return;
  const deliver = (message: JsonRpcNotification | RxMcpError): void => callMessageHandler(options, message, report);
  for (const fault of connectFaults) deliver(fault);
  if (loggingCallback === undefined) {
    dispatcher.notifications$.subscribe(deliver);
  } else {
    // log messages come parsed from their route (the parse logs$ shares), the rest straight from notifications$;
    // both are fed per notification before the next is read, so messageHandler still sees wire order
    dispatcher.notifications$.subscribe((notification) => {
      if (notification.method !== 'notifications/message') deliver(notification);
    });
    logRecords$.subscribe(({ notification, message }) => {
      if (message !== undefined) {
        try {
          loggingCallback(message);
        } catch (error) {
          report(new CallbackError('loggingCallback', error));
          return;
        }
      }
      deliver(notification);
    });
  }
  dispatcher.faults$.subscribe(deliver);
}
