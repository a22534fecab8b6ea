// @opentelemetry/api, loaded on first use and only when the application installed it (an optional
// peer): without it, spans and metrics cost a null check. Its types stay inside this folder's
// function bodies, so that the library's declarations never name the package.
import type * as OpenTelemetryApi from '@opentelemetry/api';

let api: typeof OpenTelemetryApi | null | undefined;

/** The OpenTelemetry API, or undefined when the application did not install it. */
export function openTelemetryApi(): typeof OpenTelemetryApi | undefined {
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
