/**
 * The order of the built-in stages, outermost first: the one place it is written. A request
 * meets them in this order on its way to the wire, and its events come back through them in the
 * reverse order. The user's `interceptors.outer` wrap all of them (once per logical call), the
 * user's `interceptors.inner` sit between them and the dispatcher (once per wire attempt:
 * inside retry, and every `input_required` round).
 *
 * ```
 * outer… → output-validation → claim → stale-header-relist → tasks → input-required → tool-listing → cache → retry → inner… → dispatcher
 * ```
 *
 * Why this order: validation sees only the final result, after any relist and every round (and a
 * claim's resolved result); a claim is resolved once per logical call, after its rounds and relists; a
 * -32020 relist starts the call over, rounds included; each round goes through the cache (a
 * seeded round bypasses it) and through retry; a task result is polled to its end before
 * validation sees it, a 2025-11-25 task-creating call goes on down the chain below the tasks stage (the inner
 * interceptors see it), and its polls (their own methods, through the whole chain) never meet the stages of `tools/call`; retry sits inside the cache, so a fetch that
 * callers share is retried once for all of them, not once per waiter.
 */
import { cacheStage } from './cache-stage.js';
import { claimStage } from './claim-stage.js';
import { inputRequiredStage } from './input-required-stage.js';
import { outputValidationStage } from './output-validation-stage.js';
import { retryStage } from './retry-stage.js';
import type { StageFactory } from './stage.js';
import { staleHeaderRelistStage } from './stale-header-relist-stage.js';
import { tasksStage } from './tasks-stage.js';
import { toolListingStage } from './tool-listing-stage.js';

/** The built-in stages, outermost first (see the module doc). */
export const BUILTIN_STAGES: readonly StageFactory[] = [outputValidationStage, claimStage, staleHeaderRelistStage, tasksStage, inputRequiredStage, toolListingStage, cacheStage, retryStage];
