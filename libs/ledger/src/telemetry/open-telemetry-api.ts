// @opentelemetry/api, loaded on first use and only when the application installed it (an optional
// peer) and registered something with it: until a tracer or meter provider is registered, the API
// answers with no-ops, so a process that registers none (the `ledger` command, a batch job) never
// loads it, and spans and metrics cost a null check. Its types stay inside this folder's function
// bodies, so that the library's declarations never name the package.
import type * as OpenTelemetryApi from '@opentelemetry/api';

/** Where @opentelemetry/api 1.x keeps the providers registered with it, on the global object. */
const REGISTERED_PROVIDERS = Symbol.for('opentelemetry.js.api.1');

let api: typeof OpenTelemetryApi | null | undefined;

/** The OpenTelemetry API, or undefined when the application did not install it or registered nothing with it yet. */
export function openTelemetryApi(): typeof OpenTelemetryApi | undefined {
  if (api === undefined && (globalThis as Record<symbol, unknown>)[REGISTERED_PROVIDERS] === undefined) return undefined;
  if (api === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      api = require('@opentelemetry/api') as typeof OpenTelemetryApi;
    } catch {
      api = null;
    }
  }
  return api ?? undefined;
}
