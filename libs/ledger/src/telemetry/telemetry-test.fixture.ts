// Test fixture: the OpenTelemetry SDK registered globally with in-memory exporters (spans through a
// simple processor as each ends, metrics through a reader collected on demand) and a context manager
// on AsyncLocalStorage, so that spans started inside another's work are its children.
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, metrics, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The smallest context manager on AsyncLocalStorage (what @opentelemetry/context-async-hooks does). */
class AsyncLocalContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

export interface InstalledTelemetry {
  /** The spans ended so far. */
  spans(name?: string): ReadableSpan[];
  /** Collects the metrics now (observable gauges called) and returns the data points of `name`. */
  points(name: string): Promise<Array<DataPoint<unknown>>>;
  /** Forgets the spans ended so far. */
  reset(): void;
  /** Unregisters everything. */
  uninstall(): Promise<void>;
}

/** Registers the SDK's tracer and meter providers and a context manager globally. */
export function installTelemetry(): InstalledTelemetry {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: (name) => spans.getFinishedSpans().filter((span) => name === undefined || span.name === name),
    points: async (name) => {
      exporter.reset();
      await reader.forceFlush();
      const found: MetricData[] = exporter.getMetrics().flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
      return found.filter((metric) => metric.descriptor.name === name).flatMap((metric) => metric.dataPoints as Array<DataPoint<unknown>>);
    },
    reset: () => spans.reset(),
    uninstall: async () => {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}
