/**
 * Clocks for tests. FakeClock: time stands still until the test moves it;
 * sleepers wake in order of their wake time, each at exactly that instant,
 * and what they start runs before the next one wakes. ShiftedClock: real
 * timers, with "now" moved forward on demand, for end-to-end tests that need
 * a TTL to pass without waiting for it.
 */
import type { Clock } from '../../src/clock.js';

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/** Lets every promise chain that can run now run (I/O-free code only). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start: number | string = '2026-11-29T12:00:00Z') {
    this.t = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake });
    });
  }

  /** Sets the clock back by `ms` (an NTP step): sleepers keep the time they have left, as real timers do. */
  stepBack(ms: number): void {
    this.t -= ms;
    for (const s of this.sleepers) s.at -= ms;
  }

  /** Sleepers waiting, as wake instants relative to now. */
  pending(): number[] {
    return this.sleepers.map((s) => s.at - this.t).sort((a, b) => a - b);
  }

  /**
   * Moves time forward by `ms`, waking each sleeper due on the way at its
   * own instant, and letting what it does run before time moves on.
   */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    for (;;) {
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.t = Math.max(this.t, due.at);
      due.wake();
      await settle();
    }
    this.t = target;
    await settle();
  }

  /** Advances to the next sleeper's wake time (and wakes it); false when none sleeps. */
  async next(): Promise<boolean> {
    await settle();
    const first = this.pending()[0];
    if (first === undefined) return false;
    await this.advance(first);
    return true;
  }

  /** Runs sleepers until `done` settles or `limitMs` of fake time has passed; resolves `done`'s value. */
  async run<T>(done: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let finished = false;
    const watched = done.finally(() => {
      finished = true;
    });
    watched.catch(() => {});
    const end = this.t + limitMs;
    await settle();
    while (!finished && this.t < end) {
      if (!(await this.next())) break;
    }
    return watched;
  }
}

export class ShiftedClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Sets "now" to `iso`, from where it runs on in real time. */
  at(iso: string): this {
    this.offset = Date.parse(iso) - Date.now();
    return this;
  }

  /** Moves "now" forward by `ms` at once; timers already set still run on real time. */
  shift(ms: number): void {
    this.offset += ms;
  }
}
