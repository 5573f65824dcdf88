/** Traces are off unless the standard OTEL_* variables ask for them. */
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/telemetry.js';
import { tracingEnabled } from '../../src/tracing.js';

let t: Tracing | null = null;
afterEach(async () => {
  await t?.shutdown();
  t = null;
});

describe('startTracing', () => {
  it.each([
    [{}],
    [{ OTEL_SERVICE_NAME: 'gw' }],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }],
  ])('is off with %o', (env) => {
    t = startTracing(env);
    expect(t).toBeNull();
    expect(tracingEnabled()).toBe(false);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }],
  ])('is on with %o, and off again after shutdown', async (env) => {
    t = startTracing(env);
    expect(t).not.toBeNull();
    expect(tracingEnabled()).toBe(true);
    // Recording, never ended: nothing is exported (no socket from a unit test).
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(true);
    await t!.shutdown();
    t = null;
    expect(tracingEnabled()).toBe(false);
    expect(trace.getTracer('t').startSpan('y').isRecording()).toBe(false);
  });
});
