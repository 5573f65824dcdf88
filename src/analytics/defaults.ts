/**
 * The time zone and week start of a query that names none: CXONE_TIME_ZONE,
 * else the business unit's where the source can read it, else UTC; weeks
 * start on the business unit's day, else Monday. The business unit is read
 * at start and before the first query; a failed read is tried again at
 * most once a minute, and until it succeeds the fallback is said on every
 * answer that depends on it.
 */
import { MINUTE_MS, SECOND_MS, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Source } from '../upstream/source.js';

export interface QueryDefaults {
  zone: string;
  weekStart: number;
  /** Why a fallback is in use (the business unit could not be read or mapped). */
  problems: string[];
}

const MONDAY = 1;
const RETRY_MS = MINUTE_MS;
/** A query waits this long for the business unit at most; the read goes on, and the fallback is said meanwhile. */
const WAIT_MS = 5 * SECOND_MS;

export class TenantDefaults {
  private current: QueryDefaults;
  private loaded: boolean;
  private loading: Promise<void> | null = null;
  /** The current read, or WAIT_MS, whichever comes first. */
  private waited: Promise<void> | null = null;
  private failedAt = -Infinity;

  constructor(
    private readonly configuredZone: string | undefined,
    private readonly source: Pick<Source, 'calendar'>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.current = { zone: configuredZone ?? 'UTC', weekStart: MONDAY, problems: [] };
    this.loaded = source.calendar === undefined;
  }

  get(): QueryDefaults {
    return this.current;
  }

  /** Resolves once the business unit has been read, or a read has failed, or WAIT_MS passed (the fallback then stands). */
  ready(): Promise<void> {
    if (this.loaded || this.clock.now() - this.failedAt < RETRY_MS) return Promise.resolve();
    if (this.loading) return this.waited!;
    this.loading = this.source.calendar!()
      .then(
        (cal) => {
          // A configured zone wins: what the business unit says of its zone is then beside the point.
          const problems = this.configuredZone ? cal.problems.filter((p) => !p.includes('time zone')) : cal.problems;
          const fallback = problems.length === 0 ? [] : [`${problems.join('; ')}: ${this.fallbackText(cal.zone === null, cal.weekStart === null)}`];
          this.current = { zone: this.configuredZone ?? cal.zone ?? 'UTC', weekStart: cal.weekStart ?? MONDAY, problems: fallback };
          this.loaded = true;
          for (const p of fallback) this.log.warn(p);
          if (fallback.length === 0) this.log.info({ zone: this.current.zone, weekStart: this.current.weekStart }, 'query defaults from the business unit');
        },
        (err: unknown) => {
          this.failedAt = this.clock.now();
          const problem = `the business unit could not be read (${(err as Error).message}): ${this.fallbackText(true, true)} until it can`;
          this.current = { ...this.current, problems: [problem] };
          this.log.warn(problem);
        },
      )
      .finally(() => (this.loading = this.waited = null));
    const reading = this.loading;
    this.waited = Promise.race([
      reading,
      this.clock.sleep(WAIT_MS).then(() => {
        if (this.loading !== reading) return;
        this.current = {
          ...this.current,
          problems: [`the business unit has not answered within ${WAIT_MS / SECOND_MS} s: ${this.fallbackText(true, true)} until it does`],
        };
      }),
    ]);
    return this.waited;
  }

  private fallbackText(zone: boolean, week: boolean): string {
    const parts = [
      zone && !this.configuredZone ? 'UTC is the default time zone (set CXONE_TIME_ZONE, or ask with timeZone)' : null,
      week ? 'weeks start on Monday (ask with weekStart)' : null,
    ];
    return parts.filter(Boolean).join('; ') || 'the defaults stand';
  }
}
