// The library's spans, through the OpenTelemetry API's globally registered tracer provider. With no
// provider registered the API's no-op tracer answers and nothing is computed for attributes (they
// are set only on recording spans); without the API installed every span is one shared no-op
// object. Errors are recorded by type only (`error.type`, an `exception` event with
// `exception.type`, status ERROR): an error's message may quote a statement's literal or a
// document's value, and spans never carry data.
import type * as OpenTelemetryApi from '@opentelemetry/api';
import { openTelemetryApi } from './open-telemetry-api';
import { ATTRIBUTE, INSTRUMENTATION_SCOPE, type SpanAttributes } from './telemetry-names';

export interface TelemetrySpan {
  /** Whether the span is recorded (attributes worth computing). */
  readonly recording: boolean;
  set(attributes: SpanAttributes): void;
  event(name: string, attributes?: SpanAttributes): void;
  /** Links the spans `spans` (a group commit links the transactions it wrote). */
  link(spans: readonly TelemetrySpan[]): void;
  /** Marks the span failed with `error`'s type. */
  fail(error: unknown): void;
  /** Runs `work` with this span active, so that spans started in it are its children (under a context manager). */
  within<T>(work: () => T): T;
  end(): void;
}

const NO_SPAN: TelemetrySpan = Object.freeze({
  recording: false,
  set: () => undefined,
  event: () => undefined,
  link: () => undefined,
  fail: () => undefined,
  within: <T>(work: () => T): T => work(),
  end: () => undefined,
});

type Api = typeof OpenTelemetryApi;

class OpenTelemetrySpan implements TelemetrySpan {
  constructor(
    private readonly api: Api,
    readonly span: OpenTelemetryApi.Span,
  ) {}

  get recording(): boolean {
    return this.span.isRecording();
  }

  set(attributes: SpanAttributes): void {
    this.span.setAttributes(attributes);
  }

  event(name: string, attributes?: SpanAttributes): void {
    this.span.addEvent(name, attributes);
  }

  link(spans: readonly TelemetrySpan[]): void {
    if (typeof this.span.addLinks !== 'function') return; // API before 1.9
    const contexts = spans.flatMap((other) => (other instanceof OpenTelemetrySpan ? [{ context: other.span.spanContext() }] : []));
    if (contexts.length) this.span.addLinks(contexts);
  }

  fail(error: unknown): void {
    const type = errorType(error);
    this.span.setAttribute(ATTRIBUTE.errorType, type);
    this.span.addEvent('exception', { 'exception.type': type });
    this.span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: type });
  }

  within<T>(work: () => T): T {
    return this.api.context.with(this.api.trace.setSpan(this.api.context.active(), this.span), work);
  }

  end(): void {
    this.span.end();
  }
}

let tracerOf: { provider: OpenTelemetryApi.TracerProvider; tracer: OpenTelemetryApi.Tracer } | undefined;

/** The library's tracer from the provider registered now (the API's proxy when none is: it follows a later registration). */
function tracer(api: Api): OpenTelemetryApi.Tracer {
  const provider = api.trace.getTracerProvider();
  if (tracerOf?.provider !== provider) tracerOf = { provider, tracer: provider.getTracer(INSTRUMENTATION_SCOPE) };
  return tracerOf.tracer;
}

/**
 * Starts a span named `name`, a child of the active one (or the root of a trace with `root`);
 * `attributes()` is called only when it records.
 */
export function startSpan(name: string, attributes?: () => SpanAttributes, options: { root?: boolean } = {}): TelemetrySpan {
  const api = openTelemetryApi();
  if (api === undefined) return NO_SPAN;
  const span = tracer(api).startSpan(name, options.root ? { root: true } : undefined);
  if (!span.isRecording() && !api.isSpanContextValid(span.spanContext())) return NO_SPAN;
  if (attributes && span.isRecording()) span.setAttributes(attributes());
  return new OpenTelemetrySpan(api, span);
}

/** Runs `work` in a span named `name` (active while it runs), ending it after, failed when work throws. */
export async function traced<T>(name: string, attributes: (() => SpanAttributes) | undefined, work: (span: TelemetrySpan) => Promise<T>): Promise<T> {
  const span = startSpan(name, attributes);
  try {
    return await span.within(() => work(span));
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
}

/** An error's type for `error.type`: a LedgerError's stable code, else its class name. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error) return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : error.name;
  return '_OTHER';
}
