import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background, CanceledError } from '../../context/index.js';
import type { Endpoint, Failer, Middleware } from '../../endpoint/index.js';
import type { CircuitState } from '../breaker.js';
import { ServiceError, reasonOf } from '../../errors/index.js';
import type { Code } from '../../errors/index.js';
import { isCircuitOpen } from '../errors.js';

/**
 * BreakerSettings are what {@link breakerConformance} asks of a breaker; the factory maps them
 * to the breaker's own options.
 */
export interface BreakerSettings {
  /** failures is how many consecutive failures open a closed breaker. */
  readonly failures: number;
  /** openMs is how long the breaker stays open before it lets one probe through. */
  readonly openMs: number;
  /**
   * isFailure, when present, tells which rejections count as failures; the others must not
   * trip the breaker. Absent: the breaker's default (every error but the caller's cancellation).
   */
  readonly isFailure?: (err: unknown) => boolean;
  /** onStateChange must be called on every transition, with svckit's state names. */
  readonly onStateChange: (from: CircuitState, to: CircuitState) => void;
}

/** BreakerHarness is one fresh breaker under test, as an endpoint middleware. */
export interface BreakerHarness {
  /** middleware guards an endpoint with the breaker. */
  readonly middleware: Middleware<unknown, unknown>;
  /** close releases the breaker's resources (timers), if it has any. */
  close?(): void | Promise<void>;
}

/**
 * BreakerConformanceOptions tune {@link breakerConformance}. The capability flags default to
 * true; a breaker that lacks one opts out, and each check needing it is reported as a skipped
 * test whose reason names the capability (so the skip count shows what a breaker does not do).
 */
export interface BreakerConformanceOptions {
  /** failures is the N passed in the settings (default 3). */
  failures?: number;
  /** openMs is the T passed in the settings (default 100). */
  openMs?: number;
  /** isOpenError recognises a fail-fast rejection. Default: `isCircuitOpen` (`CircuitOpenError`). */
  isOpenError?: (err: unknown) => boolean;
  /** isBusyError recognises a rejection while the probe is in flight. Default: `TooManyRequestsError`. */
  isBusyError?: (err: unknown) => boolean;
  /** consecutive is false when a success does not reset the failure count (ratio-based breakers). */
  consecutive?: boolean;
  /** classifiesErrors is false when the breaker cannot take `settings.isFailure`. */
  classifiesErrors?: boolean;
  /** cancellation is false when a caller's `CanceledError` counts as a failure. */
  cancellation?: boolean;
  /** rejectsWhileProbing is false when calls wait for the probe instead of failing fast. */
  rejectsWhileProbing?: boolean;
  /** reportsStateChanges is false when the breaker does not call `settings.onStateChange`. */
  reportsStateChanges?: boolean;
}

/** Capability is a flag of {@link BreakerConformanceOptions} a breaker may opt out of. */
type Capability =
  | 'consecutive'
  | 'classifiesErrors'
  | 'cancellation'
  | 'rejectsWhileProbing'
  | 'reportsStateChanges';

/** capabilities says what each flag stands for, in the reason of a skipped check. */
const capabilities: Readonly<Record<Capability, string>> = {
  consecutive: 'a success resets the failure count',
  classifiesErrors: 'takes settings.isFailure',
  cancellation: "leaves the caller's CanceledError uncounted",
  rejectsWhileProbing: 'fails calls fast while the probe is in flight',
  reportsStateChanges: 'calls settings.onStateChange',
};

/** Target is the endpoint behind the breaker: it counts the calls that reach it. */
interface Target {
  calls: number;
  behave: (request: unknown) => Promise<unknown>;
  readonly endpoint: Endpoint<unknown, unknown>;
}

class IgnoredError extends Error {}

/** callerSide are codes that say the callee answered: a breaker must not count them. */
const callerSide: readonly Code[] = [
  'invalid_argument',
  'not_found',
  'already_exists',
  'permission_denied',
  'unauthenticated',
  'failed_precondition',
  'out_of_range',
  'unimplemented',
  'resource_exhausted',
  'aborted',
];

const boom = new Error('boom');
const ok = (request: unknown) => Promise.resolve(request);
const fail = () => Promise.reject(boom);
const cancel = () => Promise.reject(new CanceledError());
const business = () => Promise.resolve<Failer>({ failed: () => new Error('business') });

/**
 * breakerConformance registers (with `node:test`) what every circuit breaker middleware must
 * do, as Go kit's `circuitbreaker` tests pin down: pass calls while closed; open after N
 * consecutive failures and then fail fast without calling the endpoint; leave `Failer`
 * responses, errors `isFailure` rejects, the caller's cancellation and — by default — the
 * caller's own mistakes and a remote `resource_exhausted` uncounted; after T let
 * exactly one probe through, close when it succeeds and re-open when it fails. `make` must
 * return a fresh breaker for every test.
 *
 * @example
 * breakerConformance('native', ({ failures, openMs, isFailure, onStateChange }) => ({
 *   middleware: circuitBreaker({ readyToTrip: consecutiveFailures(failures),
 *     openTimeoutMs: openMs, onStateChange, ...(isFailure && { isFailure }) }),
 * }));
 */
export function breakerConformance(
  name: string,
  make: (settings: BreakerSettings) => BreakerHarness | Promise<BreakerHarness>,
  options: BreakerConformanceOptions = {},
): void {
  const n = options.failures ?? 3;
  const openMs = options.openMs ?? 100;
  const isOpenError = options.isOpenError ?? isCircuitOpen;
  const isBusyError =
    options.isBusyError ?? ((err) => reasonOf(err) === 'CIRCUIT_TOO_MANY_REQUESTS');
  const flag = (key: Capability) => options[key] !== false;
  /** needs is the test option that skips a check, naming the capabilities it lacks. */
  const needs = (...caps: Capability[]): { skip?: string } => {
    const lacking = caps.filter((cap) => !flag(cap));
    if (lacking.length === 0) return {};
    const what = lacking.map((cap) => `${cap} (${capabilities[cap]})`).join(', ');
    return { skip: `${name} opts out of ${what}` };
  };
  const ctx = background();

  interface Run {
    readonly target: Target;
    readonly transitions: string[];
    /** call calls the guarded endpoint; it must return a promise, never throw. */
    call(request?: unknown): Promise<unknown>;
    /** times runs `count` calls that must reach the endpoint and reject with `err`. */
    failTimes(count: number, err?: unknown): Promise<void>;
    /** assertOpen checks that calls fail fast without reaching the endpoint. */
    assertOpen(why: string): Promise<void>;
  }

  const withBreaker = async (
    fn: (run: Run) => Promise<void>,
    isFailure?: (err: unknown) => boolean,
  ): Promise<void> => {
    const transitions: string[] = [];
    const settings: BreakerSettings = {
      failures: n,
      openMs,
      onStateChange: (from, to) => transitions.push(`${from}>${to}`),
      ...(isFailure !== undefined && { isFailure }),
    };
    const harness = await make(settings);
    const target: Target = {
      calls: 0,
      behave: ok,
      endpoint: (_ctx, request) => {
        target.calls++;
        return target.behave(request);
      },
    };
    const guarded = harness.middleware(target.endpoint);
    const call = (request: unknown = 'x'): Promise<unknown> => {
      try {
        return guarded(ctx, request);
      } catch (err) {
        return assert.fail(`${name}: the guarded endpoint threw synchronously: ${String(err)}`);
      }
    };
    const run: Run = {
      target,
      transitions,
      call,
      async failTimes(count, err = boom) {
        for (let i = 0; i < count; i++) {
          const before = target.calls;
          await assert.rejects(call(), (e: unknown) => e === err, `call ${i + 1} must fail`);
          assert.equal(target.calls, before + 1, `call ${i + 1} must reach the endpoint`);
        }
      },
      async assertOpen(why) {
        const before = target.calls;
        for (let i = 0; i < 3; i++) {
          await assert.rejects(call(), (err: unknown) => isOpenError(err), `${why}: fail fast`);
        }
        assert.equal(target.calls, before, `${why}: no call may reach the endpoint`);
      },
    };
    try {
      await fn(run);
    } finally {
      await harness.close?.();
    }
  };

  const passes = async ({ call, target }: Run, count: number): Promise<void> => {
    const before = target.calls;
    target.behave = ok;
    for (let i = 0; i < count; i++) assert.equal(await call(i), i, 'a closed breaker passes calls');
    assert.equal(target.calls, before + count);
  };

  describe(`${name} circuit breaker conformance`, () => {
    it('passes calls, their results and their errors while closed', () =>
      withBreaker(async (run) => {
        await passes(run, 2 * n);
        run.target.behave = fail;
        await run.failTimes(n - 1);
        await passes(run, 2 * n);
      }));

    it(`opens after ${n} consecutive failures, then fails fast without calling the endpoint`, () =>
      withBreaker(async (run) => {
        run.target.behave = fail;
        await run.failTimes(n);
        run.target.behave = ok;
        await run.assertOpen('open');
      }));

    it('counts a synchronous throw from the endpoint as a failure, as a rejection', () =>
      withBreaker(async (run) => {
        run.target.behave = () => {
          throw boom;
        };
        await run.failTimes(n);
        await run.assertOpen('open after synchronous throws');
      }));

    it('does not trip on Failer responses carrying a business error', () =>
      withBreaker(async (run) => {
        run.target.behave = business;
        for (let i = 0; i < 3 * n; i++) {
          const res = (await run.call()) as Failer;
          assert.equal(res.failed()?.message, 'business');
        }
        assert.equal(run.target.calls, 3 * n);
        await passes(run, 1);
      }));

    it("by default does not trip on the caller's own mistakes nor a remote resource_exhausted", () =>
      withBreaker(async (run) => {
        for (const code of callerSide) {
          const err = new ServiceError(code, `${code} from the callee`);
          run.target.behave = () => Promise.reject(err);
          await run.failTimes(n + 1, err);
        }
        await passes(run, 1);
      }));

    it("trips on the callee's own failures (unavailable) by default", () =>
      withBreaker(async (run) => {
        const down = new ServiceError('unavailable', 'down');
        run.target.behave = () => Promise.reject(down);
        await run.failTimes(n, down);
        await run.assertOpen('open after unavailable');
      }));

    // A ratio over a window cannot run this one: the successes before dilute the failures.
    it(
      "after the caller's own mistakes, the callee's failures still trip it",
      needs('consecutive'),
      () =>
        withBreaker(async (run) => {
          for (const code of callerSide) {
            const err = new ServiceError(code, `${code} from the callee`);
            run.target.behave = () => Promise.reject(err);
            await run.failTimes(n + 1, err);
          }
          const down = new ServiceError('unavailable', 'down');
          run.target.behave = () => Promise.reject(down);
          await run.failTimes(n, down);
          await run.assertOpen('open after unavailable');
        }),
    );

    it('resets the failure count on a success', needs('consecutive'), () =>
      withBreaker(async (run) => {
        for (let round = 0; round < 3; round++) {
          run.target.behave = fail;
          await run.failTimes(n - 1);
          await passes(run, 1);
        }
      }),
    );

    it('does not trip on errors isFailure rejects', needs('classifiesErrors'), () =>
      withBreaker(
        async (run) => {
          const ignored = new IgnoredError('not found');
          run.target.behave = () => Promise.reject(ignored);
          await run.failTimes(3 * n, ignored);
          await passes(run, 1);
        },
        (err) => !(err instanceof IgnoredError),
      ),
    );

    it("does not count the caller's CanceledError", needs('cancellation'), () =>
      withBreaker(async (run) => {
        const { target } = run;
        target.behave = cancel;
        for (let i = 0; i < 3 * n; i++) await assert.rejects(run.call(), CanceledError);
        assert.equal(target.calls, 3 * n);
        await passes(run, 1);
      }),
    );

    it(
      'between failures, a cancellation neither trips nor resets the count',
      needs('cancellation', 'consecutive'),
      () =>
        withBreaker(async (run) => {
          const { target } = run;
          target.behave = fail;
          await run.failTimes(n - 1);
          target.behave = cancel;
          await assert.rejects(run.call(), CanceledError);
          target.behave = fail;
          await run.failTimes(1);
          await run.assertOpen('open after the failures around the cancellation');
        }),
    );

    it('does not lose the probe to a canceled probe call', needs('cancellation'), () =>
      withBreaker(async (run) => {
        const { target } = run;
        target.behave = fail;
        await run.failTimes(n);
        await sleep(waitMs(openMs));
        target.behave = cancel;
        await assert.rejects(run.call(), CanceledError);
        assert.equal(target.calls, n + 1, 'the canceled probe reached the endpoint');
        // The next call must reach the endpoint: a breaker that kept the slot taken would
        // stay half-open, failing everything fast, for good.
        target.behave = fail;
        await run.failTimes(1);
        await run.assertOpen('open after the failed call that followed the canceled probe');
      }),
    );

    it(`lets one probe through after ${openMs} ms; its success closes the breaker`, () =>
      withBreaker(async (run) => {
        const { target } = run;
        target.behave = fail;
        await run.failTimes(n);
        await run.assertOpen('open');
        await sleep(waitMs(openMs));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        target.behave = async (request) => {
          await gate;
          return request;
        };
        const probe = run.call('probe');
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(target.calls, n + 1, 'the probe reaches the endpoint');
        release();
        assert.equal(await probe, 'probe');
        target.behave = ok;
        await passes(run, 2 * n);
      }));

    it('while the probe is in flight, other calls fail fast', needs('rejectsWhileProbing'), () =>
      withBreaker(async (run) => {
        const { target } = run;
        target.behave = fail;
        await run.failTimes(n);
        await sleep(waitMs(openMs));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        target.behave = async (request) => {
          await gate;
          return request;
        };
        const probe = run.call('probe');
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(target.calls, n + 1, 'the probe reaches the endpoint');
        for (let i = 0; i < 3; i++) {
          await assert.rejects(run.call(), (err: unknown) => isOpenError(err) && isBusyError(err));
        }
        assert.equal(target.calls, n + 1, 'one probe only: the others fail fast');
        release();
        assert.equal(await probe, 'probe');
      }),
    );

    it('re-opens for another open time when the probe fails', () =>
      withBreaker(async (run) => {
        const { target } = run;
        target.behave = fail;
        await run.failTimes(n);
        await sleep(waitMs(openMs));
        await run.failTimes(1); // the probe
        target.behave = ok;
        await run.assertOpen('re-opened after the failed probe');
        await sleep(waitMs(openMs));
        await passes(run, 2 * n);
      }));

    it('reports every transition to onStateChange', needs('reportsStateChanges'), () =>
      withBreaker(async (run) => {
        const { target } = run;
        target.behave = fail;
        await run.failTimes(n);
        assert.deepEqual(run.transitions, ['closed>open']);
        await sleep(waitMs(openMs));
        await run.failTimes(1); // the probe
        await sleep(waitMs(openMs));
        await passes(run, 1);
        assert.deepEqual(run.transitions, [
          'closed>open',
          'open>half-open',
          'half-open>open',
          'open>half-open',
          'half-open>closed',
        ]);
      }),
    );
  });
}

/** waitMs is how long to sleep to be sure an open time has passed (timers may fire late). */
function waitMs(openMs: number): number {
  return Math.ceil(openMs * 1.5) + 20;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
