// The library's metrics, through the OpenTelemetry API's globally registered meter provider: the
// commit latency histogram, the OCC conflicts counter, and the lag gauges that projections and
// streams feed. The API has no proxy meter, so the instruments are made again whenever another
// provider is registered; register it before opening ledgers, as with any instrumentation. With
// no provider registered the API's no-op instruments answer; without the API, nothing is done.
import type * as OpenTelemetryApi from '@opentelemetry/api';
import { openTelemetryApi } from './open-telemetry-api';
import { INSTRUMENTATION_SCOPE, METRIC, type SpanAttributes } from './telemetry-names';

/** Reports one or more lag values, each with its attributes; may read storage (it runs at each collection). */
export type LagSource = (observe: (value: number, attributes: SpanAttributes) => void) => void | Promise<void>;

export type LagKind = 'projection' | 'stream';

interface Instruments {
  commitDuration: OpenTelemetryApi.Histogram;
  conflicts: OpenTelemetryApi.Counter;
}

const sources: Record<LagKind, Set<LagSource>> = { projection: new Set(), stream: new Set() };
let current: { provider: OpenTelemetryApi.MeterProvider; instruments: Instruments } | undefined;

/** The instruments of the meter provider registered now (made, with the lag gauges, when it changed). */
function instruments(): Instruments | undefined {
  const api = openTelemetryApi();
  if (api === undefined) return undefined;
  const provider = api.metrics.getMeterProvider();
  if (current?.provider !== provider) current = { provider, instruments: makeInstruments(provider.getMeter(INSTRUMENTATION_SCOPE)) };
  return current.instruments;
}

function makeInstruments(meter: OpenTelemetryApi.Meter): Instruments {
  const lag = (name: string, kind: LagKind, description: string) =>
    meter.createObservableGauge(name, { description, unit: '{block}' }).addCallback((result) => observeAll(kind, result));
  lag(METRIC.projectionLag, 'projection', 'Blocks committed after the last event a projection handled.');
  lag(METRIC.streamLag, 'stream', "Blocks committed that a ledger's slowest live stream has not read yet.");
  return {
    commitDuration: meter.createHistogram(METRIC.commitDuration, {
      description: 'Time from a transaction asking to commit to its commit (or refusal), group commit included.',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    }),
    conflicts: meter.createCounter(METRIC.conflicts, { description: 'Transactions refused at commit by an OCC conflict (each attempt).', unit: '{conflict}' }),
  };
}

/** Runs every source of `kind`; a source that fails (its ledger closed meanwhile) reports nothing. */
async function observeAll(kind: LagKind, result: OpenTelemetryApi.ObservableResult): Promise<void> {
  const observe = (value: number, attributes: SpanAttributes) => result.observe(value, attributes);
  await Promise.all([...sources[kind]].map(async (source) => source(observe)).map((done) => done.catch(() => undefined)));
}

/** Records one transaction's commit latency. */
export function recordCommitDuration(seconds: number, attributes: SpanAttributes): void {
  instruments()?.commitDuration.record(seconds, attributes);
}

/** Counts OCC conflicts found at commit. */
export function countConflicts(count: number, attributes: SpanAttributes): void {
  if (count > 0) instruments()?.conflicts.add(count, attributes);
}

/** Feeds the `kind` lag gauge from `source` until the returned function is called. */
export function observeLag(kind: LagKind, source: LagSource): () => void {
  instruments();
  sources[kind].add(source);
  return () => void sources[kind].delete(source);
}
