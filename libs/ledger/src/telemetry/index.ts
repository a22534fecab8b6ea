// Telemetry: the logger the library writes through, and its OpenTelemetry spans and metrics, with
// their stable names. Beside errors and below every other folder, so that storage, the engine and
// the layers above can all report; it loads @opentelemetry/api only when the application installed
// it.
export { SILENT_LOGGER, missingLoggerMethods, type LedgerLogger } from './ledger-logger';
export { startSpan, traced, errorType, type TelemetrySpan } from './ledger-tracing';
export { countConflicts, observeLag, recordCommitDuration } from './ledger-metrics';
export { ATTRIBUTE, EVENT, METRIC, SPAN, type SpanAttributes } from './telemetry-names';
