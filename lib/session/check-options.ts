/**
 * The session's options, checked where they enter (`new ClientSession`, which `Client.connect`
 * reaches before anything is sent, and each request's description): see
 * `lib/protocol/option-checks.ts` for the rule and the error.
 */
import {
  checkBoolean,
  checkDuration,
  checkFunction,
  checkObject,
  checkOneOf,
  checkString,
  checkStringRecord,
  isObject,
  refuseOption,
} from '../protocol/option-checks.js';
import { LOGGING_LEVELS } from '../protocol/schemas/logging.js';
import type { ClientSessionOptions, InputRequiredOptions } from './session-options.js';

/** Checks the options of a session (the connection-wide ones of `Client.connect` among them). */
export function checkSessionOptions(options: ClientSessionOptions): void {
  if (!isObject(options as unknown)) refuseOption('options', 'an object', options);
  checkDuration('requestTimeoutMs', options.requestTimeoutMs, 'no timeout');
  checkDuration('probeTimeoutMs', options.probeTimeoutMs, 'no timeout');
  checkOneOf('logLevel', options.logLevel, LOGGING_LEVELS);
  if (options.clientInfo !== undefined) {
    checkObject('clientInfo', options.clientInfo);
    checkString('clientInfo.name', options.clientInfo.name, true);
    checkString('clientInfo.version', options.clientInfo.version);
    if (options.clientInfo.name === undefined) refuseOption('clientInfo.name', 'a non-empty string', undefined);
  }
  checkObject('capabilities', options.capabilities);
  if (options.jsonSchemaValidator !== undefined) {
    checkObject('jsonSchemaValidator', options.jsonSchemaValidator);
    if (typeof options.jsonSchemaValidator.compile !== 'function') refuseOption('jsonSchemaValidator.compile', 'a function', options.jsonSchemaValidator.compile);
  }
  checkFunction('samplingCallback', options.samplingCallback);
  checkFunction('elicitationCallback', options.elicitationCallback);
  checkFunction('listRootsCallback', options.listRootsCallback);
  checkObject('samplingCapabilities', options.samplingCapabilities);
  if (options.elicitationModes !== undefined && !(Array.isArray(options.elicitationModes) && options.elicitationModes.every((mode) => mode === 'form' || mode === 'url'))) {
    refuseOption('elicitationModes', "an array of 'form' and 'url'", options.elicitationModes);
  }
}

/**
 * Checks the options of one request, on every call (the hot path: each check is a comparison
 * with `undefined` when the option is left out).
 */
export function checkRequestOptions(options: InputRequiredOptions): void {
  if (options.timeoutMs !== undefined) checkDuration('timeoutMs', options.timeoutMs, 'no timeout');
  if (options.totalTimeoutMs !== undefined) checkDuration('totalTimeoutMs', options.totalTimeoutMs, 'no total deadline');
  if (options.logLevel !== undefined) checkOneOf('logLevel', options.logLevel, LOGGING_LEVELS);
  if (options.meta !== undefined) checkObject('meta', options.meta);
  if (options.headers !== undefined) checkStringRecord('headers', options.headers);
  if (options.reissueOnBrokenStream !== undefined) checkBoolean('reissueOnBrokenStream', options.reissueOnBrokenStream);
  if (options.cancelOnUnsubscribe !== undefined) checkBoolean('cancelOnUnsubscribe', options.cancelOnUnsubscribe);
  if (options.allowInputRequired !== undefined) checkBoolean('allowInputRequired', options.allowInputRequired);
  if (options.allowClaimed !== undefined) checkBoolean('allowClaimed', options.allowClaimed);
  if (options.inputResponses !== undefined) checkObject('inputResponses', options.inputResponses);
  if (options.requestState !== undefined) checkString('requestState', options.requestState);
}
