/**
 * OpenTelemetry traces, off unless the standard variables ask for them:
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), or
 * OTEL_TRACES_EXPORTER=otlp|console. OTEL_SDK_DISABLED=true and
 * OTEL_TRACES_EXPORTER=none keep them off. Everything else (headers,
 * sampler, batch sizes, service name, resource attributes) is the SDK's own
 * reading of OTEL_*; the service name defaults to cxone-graphql-gateway.
 *
 * The provider is process-wide (the API holds one global): one traced
 * gateway per process, which is what `npm start` runs.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, envDetector, detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { setTracingEnabled } from './tracing.js';
import { USER_AGENT } from './version.js';

export interface Tracing {
  /** Exports what is pending and unregisters the provider. */
  shutdown(): Promise<void>;
}

/** The exporter the environment asks for; null when traces are off. */
function exporterFrom(env: Record<string, string | undefined>): SpanExporter | null {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return null;
  const kind = env.OTEL_TRACES_EXPORTER?.split(',')[0]?.trim().toLowerCase();
  if (kind === 'none') return null;
  if (kind === 'console') return new ConsoleSpanExporter();
  if (kind === 'otlp' || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return new OTLPTraceExporter();
  return null;
}

/**
 * Registers a tracer provider when the environment asks for traces, or for
 * `exporter` (tests pass an in-memory one; spans are then handed over at
 * once, not batched). Null when traces are off.
 */
export function startTracing(env: Record<string, string | undefined>, exporter?: SpanExporter): Tracing | null {
  const chosen = exporter ?? exporterFrom(env);
  if (!chosen) return null;
  const [name, version] = USER_AGENT.split('/');
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': name!, 'service.version': version! }))
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [exporter ? new SimpleSpanProcessor(chosen) : new BatchSpanProcessor(chosen)],
  });
  // AsyncLocalStorage context and the W3C traceparent/baggage propagators.
  provider.register();
  setTracingEnabled(true);
  return {
    async shutdown() {
      setTracingEnabled(false);
      await provider.shutdown().catch(() => {});
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
