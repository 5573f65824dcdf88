/**
 * Faults the simulator injects, settable at start and at run time through
 * its admin endpoint. Random faults draw from a seeded generator so a run
 * repeats.
 */

/** One scripted answer; `times` repeats it (default 1). */
export interface ScriptStep {
  status?: number;
  /** Retry-After header value, sent as is (seconds or an HTTP date). */
  retryAfter?: string;
  /** JSON body; a string is sent raw. */
  body?: unknown;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Answer this long after the request arrives. */
  delayMs?: number;
  times?: number;
}

export interface Faults {
  /** Added to every answer. */
  latencyMs: number;
  /** Analytics requests per second before 429; null: unlimited. */
  rateLimitRps: number | null;
  /** Retry-After sent with rate-limit 429s (seconds). */
  retryAfterSeconds: number;
  /** Share of analytics requests answered 503, 0..1. */
  errorRatio: number;
  /** Share of analytics requests whose connection is dropped, 0..1. */
  dropRatio: number;
  tokenLifetimeSeconds: number;
  /** The agents list answers 503 (names cannot be resolved). */
  agentsDown: boolean;
  /** The agents list leaves out its last N agents (ids without a name). */
  agentsOmitted: number;
  /** The agents list gives the second agent the first one's name (names are not unique in CXone). */
  agentsNamedAlike: boolean;
  /** Issue tokens without the analytics:read scope (analytics then answers 403). */
  missingScope: boolean;
  /** From page 2 on, hand back the cursor the client sent. */
  cursorLoop: boolean;
  /** Scripted answers to the next analytics requests, taken in order. */
  script: ScriptStep[];
  /** Scripted answers to the next token requests, taken in order. */
  tokenScript: ScriptStep[];
}

export function defaultFaults(): Faults {
  return {
    latencyMs: 0,
    rateLimitRps: null,
    retryAfterSeconds: 1,
    errorRatio: 0,
    dropRatio: 0,
    tokenLifetimeSeconds: 3600,
    agentsDown: false,
    agentsOmitted: 0,
    agentsNamedAlike: false,
    missingScope: false,
    cursorLoop: false,
    script: [],
    tokenScript: [],
  };
}

/** Take the next scripted step, honouring `times`. */
export function takeStep(script: ScriptStep[]): ScriptStep | undefined {
  const step = script[0];
  if (!step) return undefined;
  const times = step.times ?? 1;
  if (times <= 1) script.shift();
  else step.times = times - 1;
  return step;
}

/** Sliding one-second window of request times. */
export class RateWindow {
  private times: number[] = [];
  /** Records a request now; false when it is over the limit. */
  admit(limit: number | null, now = Date.now()): boolean {
    this.times = this.times.filter((t) => now - t < 1000);
    if (limit !== null && this.times.length >= limit) return false;
    this.times.push(now);
    return true;
  }
}
