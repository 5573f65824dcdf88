/**
 * Cross-instance single flight on a fake clock, with the other instance
 * played by a coordinator the test drives: a waiter polls at growing
 * intervals, answers with the owner's result or recorded failure, takes the
 * lease over when the owner is gone, and gives up at its deadline.
 */
import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/cache/single-flight.js';
import type { Coordinator, RecordedFailure } from '../../src/cache/store.js';
import { ErrorCode } from '../../src/errors.js';
import { FakeClock, settle } from '../support/fake-clock.js';

/** Another instance holds the lease on every key until `ownerGone`. */
function otherInstance() {
  const state = { ownerGone: false, failure: undefined as RecordedFailure | undefined, acquired: 0, polls: [] as number[] };
  const coordinator: Coordinator = {
    acquire: async () => {
      if (!state.ownerGone) return null;
      state.acquired++;
      return { release: async () => {} };
    },
    held: async () => !state.ownerGone,
    failure: async () => state.failure,
    recordFailure: async (_key, f) => {
      state.failure = f;
    },
  };
  return { state, coordinator };
}

describe('SingleFlight.across', () => {
  it('polls at 20 ms, then 1.5× longer each time up to 250 ms, and answers with what the owner stored', async () => {
    const clock = new FakeClock(0);
    const { state, coordinator } = otherInstance();
    const flights = new SingleFlight(coordinator, clock, 30_000);
    const owner = { stored: undefined as string | undefined };
    const answer = flights.across(
      'k',
      async () => 'fetched here',
      async () => {
        state.polls.push(clock.now());
        return owner.stored;
      },
    );
    await clock.advance(1_000);
    expect(state.polls).toEqual([0, 20, 50, 95, 162.5, 263.75, 415.625, 643.4375, 893.4375]);
    owner.stored = 'from the owner';
    expect(await clock.run(answer)).toBe('from the owner');
    expect(state.acquired).toBe(0);
  });

  it('an owner that stores and lets go between two looks answers the waiter that takes the lease: no second fetch', async () => {
    const clock = new FakeClock(0);
    const { state, coordinator } = otherInstance();
    const owner = { stored: undefined as string | undefined };
    // The owner finishes right after the waiter's first look: it stores its result, then frees its lease.
    const racing: Coordinator = {
      ...coordinator,
      held: async () => {
        owner.stored = 'from the owner';
        state.ownerGone = true;
        return false;
      },
    };
    const flights = new SingleFlight(racing, clock, 30_000);
    let produced = 0;
    const answer = flights.across(
      'k',
      async () => {
        produced++;
        return 'fetched here';
      },
      async () => owner.stored,
    );
    expect(await clock.run(answer)).toBe('from the owner');
    expect(produced).toBe(0);
  });

  it("the owner's recorded failure answers its waiters with the same code", async () => {
    const clock = new FakeClock(0);
    const { state, coordinator } = otherInstance();
    const flights = new SingleFlight(coordinator, clock, 30_000);
    const answer = flights.across(
      'k',
      async () => 'fetched here',
      async () => undefined,
    );
    const outcome = answer.catch((e: { code: string }) => e.code);
    await clock.advance(100);
    state.failure = { code: ErrorCode.UPSTREAM_RATE_LIMITED, message: 'CXone analytics answered 429', at: clock.now() };
    expect(await clock.run(outcome)).toBe('UPSTREAM_RATE_LIMITED');
  });

  it('the owner gone without a result: the waiter takes the lease and fetches', async () => {
    const clock = new FakeClock(0);
    const { state, coordinator } = otherInstance();
    const flights = new SingleFlight(coordinator, clock, 30_000);
    const answer = flights.across(
      'k',
      async () => 'fetched here',
      async () => undefined,
    );
    await clock.advance(300);
    state.ownerGone = true;
    expect(await clock.run(answer)).toBe('fetched here');
    expect(state.acquired).toBe(1);
  });

  it('gives up with UPSTREAM_UNAVAILABLE once it has waited past its deadline', async () => {
    const clock = new FakeClock(0);
    const { coordinator } = otherInstance();
    const flights = new SingleFlight(coordinator, clock, 2_000);
    const outcome = flights
      .across(
        'k',
        async () => 'x',
        async () => undefined,
      )
      .then(
        () => null,
        (e: { code: string; message: string }) => [clock.now(), e.code, e.message],
      );
    const [at, code, message] = (await clock.run(outcome))!;
    expect(at).toBeGreaterThan(2_000);
    expect(at).toBeLessThanOrEqual(2_250);
    expect([code, message]).toEqual(['UPSTREAM_UNAVAILABLE', 'waited 2000 ms for another gateway instance fetching this query']);
  });

  it('callers in this process share one run', async () => {
    const clock = new FakeClock(0);
    const flights = new SingleFlight(otherInstance().coordinator, clock, 30_000);
    let runs = 0;
    const run = async () => {
      runs++;
      await clock.sleep(10);
      return runs;
    };
    const both = Promise.all([flights.once('k', run), flights.once('k', run)]);
    await settle();
    expect(flights.running('k')).toBe(true);
    expect(await clock.run(both)).toEqual([1, 1]);
    expect(flights.running('k')).toBe(false);
  });
});
