/**
 * One real-time feed (skills, agents or active contacts) of a tenant,
 * polled once per interval however many screens watch, on whichever replica
 * holds its lease; the snapshot reaches every watcher on every replica.
 *
 * A replica polls only while it has demand: a watcher, or a query within
 * the last interval. Polls pass the last `lastPollTime` as `updatedSince`
 * and merge the answer by id; a 304 changes nothing. When CXone fails the
 * last snapshot stays, marked stale with a warning, and the poller backs
 * off (the upstream retry policy, then one interval). A replica that hears
 * nothing for two intervals marks its snapshot stale too.
 */
import type { Clock } from '../clock.js';
import type { LiveChannel } from '../cache/live-channel.js';
import type { Logger } from '../log.js';
import type { Polled } from '../upstream/realtime.js';

export interface LiveSnapshot<R> {
  /** Every record, by id order of first sight. */
  records: readonly R[];
  /** When CXone answered (its lastPollTime, else when the answer came), epoch ms; null before the first answer. */
  asOf: number | null;
  /** The records have not been confirmed for two intervals, or the last poll failed. */
  stale: boolean;
  warnings: readonly string[];
  /** Bumped when the records change. */
  version: number;
}

interface Message<R> {
  from: string;
  version: number;
  asOf: number | null;
  lastPollTime: string | null;
  warnings: string[];
  failed: boolean;
  /** Every record: a listener that missed a message is whole again with the next. */
  records?: R[];
}

export interface LiveFeedSettings<R> {
  name: string;
  poll: (updatedSince: string | null) => Promise<Polled<R>>;
  idOf: (r: R) => string;
  channel: LiveChannel;
  clock: Clock;
  intervalMs: number;
  log: Logger;
  /** This replica's id on the channel. */
  replica: string;
}

export class LiveFeed<R> {
  private records = new Map<string, R>();
  private version = 0;
  private asOf: number | null = null;
  private lastPollTime: string | null = null;
  private warnings: string[] = [];
  private failed = false;
  /** When this replica last heard of a poll (its own or another's). */
  private heardAt = -Infinity;
  private readonly watchers = new Set<(s: LiveSnapshot<R>) => void>();
  private askedAt = -Infinity;
  private running: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private nextSnapshot: { promise: Promise<void>; resolve: () => void } | null = null;
  private lastStale = false;
  private closed = false;

  constructor(private readonly s: LiveFeedSettings<R>) {}

  /** Watchers on this replica. */
  get watching(): number {
    return this.watchers.size;
  }

  snapshot(): LiveSnapshot<R> {
    return { records: [...this.records.values()], asOf: this.asOf, stale: this.isStale(), warnings: this.warnings, version: this.version };
  }

  /** Calls `seen` with every snapshot from now on (the current one first, once there is one); returns the stop. */
  watch(seen: (s: LiveSnapshot<R>) => void): () => void {
    this.watchers.add(seen);
    this.start();
    if (this.asOf !== null) seen(this.snapshot());
    return () => {
      this.watchers.delete(seen);
    };
  }

  /** The snapshot for a query: the current one when it is fresh, else the next poll's (this replica polls if it leads). */
  async current(): Promise<LiveSnapshot<R>> {
    this.askedAt = this.s.clock.now();
    if (this.asOf !== null && !this.isStale() && this.s.clock.now() - this.heardAt < this.s.intervalMs) return this.snapshot();
    const next = this.waitNext();
    this.start();
    await next;
    return this.snapshot();
  }

  /** Stops watching and polling; a loop asleep in its interval ends when it wakes, without holding shutdown up. */
  async close(): Promise<void> {
    this.closed = true;
    this.watchers.clear();
    this.nextSnapshot?.resolve();
  }

  private isStale(): boolean {
    return this.failed || (this.asOf !== null && this.s.clock.now() - this.heardAt > 2 * this.s.intervalMs);
  }

  private demanded(): boolean {
    return !this.closed && (this.watchers.size > 0 || this.s.clock.now() - this.askedAt <= this.s.intervalMs);
  }

  private waitNext(): Promise<void> {
    if (!this.nextSnapshot) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.nextSnapshot = { promise, resolve };
    }
    return this.nextSnapshot.promise;
  }

  private start(): void {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = null;
      // Demand that came back while the loop was ending starts it again.
      if (this.demanded()) this.start();
    });
  }

  private async run(): Promise<void> {
    const { channel, name, intervalMs, clock } = this.s;
    // Not awaited: with Redis away the subscription waits for it, and polling must not. A subscription
    // that failed (Redis away, a cluster node slow to connect) is tried again every interval: without
    // it this replica would hear nothing from the one that polls.
    let ended = false;
    let listening = false;
    const listen = () => {
      if (listening || this.unlisten) return;
      listening = true;
      channel
        .listen(name, (text) => this.hear(text))
        .then(
          (stop) => {
            listening = false;
            if (ended) void stop();
            else this.unlisten = stop;
          },
          () => {
            listening = false;
          },
        );
    };
    listen();
    if (this.asOf === null) {
      const stored = await channel.latest(name).catch(() => null);
      if (stored) this.hear(stored, true);
    }
    try {
      while (this.demanded()) {
        const started = clock.now();
        if (await channel.lead(name, 2 * intervalMs)) await this.pollOnce();
        listen();
        this.checkStale();
        await clock.sleep(Math.max(0, intervalMs - (clock.now() - started)));
      }
    } finally {
      ended = true;
      await channel.release(name).catch(() => {});
      await this.unlisten?.();
      this.unlisten = null;
    }
  }

  private async pollOnce(): Promise<void> {
    const { clock, name } = this.s;
    let message: Message<R>;
    try {
      const polled = await this.s.poll(this.lastPollTime);
      const changed = polled.records !== null && this.merge(polled.records, polled.whole);
      const asOf = polled.lastPollTime ? Date.parse(polled.lastPollTime) : clock.now();
      if (changed) this.version++;
      message = {
        from: this.s.replica,
        version: this.version,
        asOf: Number.isFinite(asOf) ? asOf : clock.now(),
        lastPollTime: polled.lastPollTime ?? this.lastPollTime,
        warnings: polled.records === null ? this.warnings : polled.warnings,
        failed: false,
      };
    } catch (err) {
      const reason = (err as Error).message;
      this.s.log.warn({ feed: name, reason }, 'live poll failed: serving the last snapshot, marked stale');
      message = {
        from: this.s.replica,
        version: this.version,
        asOf: this.asOf,
        lastPollTime: this.lastPollTime,
        warnings: [`CXone ${name} could not be polled (${reason}); the last snapshot is shown, marked stale`],
        failed: true,
      };
    }
    this.apply(message);
    await this.s.channel.publish(name, JSON.stringify({ ...message, records: [...this.records.values()] })).catch(() => {});
  }

  /** Merges polled records by id; true when anything changed. A whole list also drops what it no longer holds. */
  private merge(records: R[], whole: boolean): boolean {
    const { idOf } = this.s;
    let changed = false;
    if (whole) {
      const ids = new Set(records.map(idOf));
      for (const id of this.records.keys()) {
        if (!ids.has(id)) {
          this.records.delete(id);
          changed = true;
        }
      }
    }
    for (const r of records) {
      const id = idOf(r);
      const before = this.records.get(id);
      if (before === undefined || JSON.stringify(before) !== JSON.stringify(r)) {
        this.records.set(id, r);
        changed = true;
      }
    }
    return changed;
  }

  /** A snapshot another replica published (or the stored one at start). */
  private hear(text: string, stored = false): void {
    let m: Message<R>;
    try {
      m = JSON.parse(text) as Message<R>;
    } catch {
      return;
    }
    if (m.from === this.s.replica && !stored) return;
    if (m.records && (m.version !== this.version || this.asOf === null)) {
      this.records = new Map(m.records.map((r) => [this.s.idOf(r), r]));
      this.version = m.version;
    }
    this.apply({ ...m, records: undefined });
  }

  private apply(m: Message<R>): void {
    const changed = m.version !== this.lastNotifiedVersion || m.failed !== this.failed;
    this.asOf = m.asOf;
    this.lastPollTime = m.lastPollTime;
    this.warnings = m.warnings;
    this.failed = m.failed;
    if (!m.failed) this.heardAt = this.s.clock.now();
    this.nextSnapshot?.resolve();
    this.nextSnapshot = null;
    if (changed || this.isStale() !== this.lastStale) this.notify();
  }

  private lastNotifiedVersion = -1;

  private notify(): void {
    this.lastNotifiedVersion = this.version;
    this.lastStale = this.isStale();
    const s = this.snapshot();
    for (const w of this.watchers) w(s);
  }

  /** Nothing heard for two intervals: say so to the watchers, once. */
  private checkStale(): void {
    if (this.isStale() !== this.lastStale) this.notify();
  }
}
