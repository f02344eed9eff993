// A callee's retry hint end to end, over real HTTP on 127.0.0.1: a svckit server turns an
// error's retryAfterMs (its own or a cause's) into Retry-After, the svckit client turns that
// back into retryAfterMs, and retry waits for it, or stops at once when the wait would pass
// its deadline. The unit tests of retryAfterMs and of retry's hint handling see each piece
// alone; this is the same behaviour from the wire.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background } from '../../context/index.js';
import { ServiceError } from '../../errors/index.js';
import { fixedEndpointer } from '../../sd/index.js';
import { RetryError, retry, roundRobin } from '../../sd/lb/index.js';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  ResponseStatusError,
} from './index.js';
import { serve } from './serve.test.helper.js';

/** hinting serves answers[i] for the i-th request (the last one for the rest), timing arrivals. */
async function hinting(answers: ReadonlyArray<() => Promise<unknown>>) {
  const arrivals: number[] = [];
  const server = createServer(
    () => {
      arrivals.push(performance.now());
      const answer = answers[
        Math.min(arrivals.length, answers.length) - 1
      ] as () => Promise<unknown>;
      return answer();
    },
    decodeJSONRequest(),
    encodeJSONResponse,
  );
  const url = await serve(server);
  const client = createClient('POST', url, encodeJSONRequest, decodeJSONResponse<unknown>);
  return { url, client, arrivals };
}

const busy = (retryAfterMs: number) => () =>
  Promise.reject(new ServiceError('unavailable', 'draining', { retryAfterMs }));

describe('Retry-After from a svckit server to a svckit retry', () => {
  it('the server sends a hint found on a cause, and a hint of 0 as Retry-After: 0', async () => {
    const wrapped = () =>
      Promise.reject(
        new ServiceError('unavailable', 'pool exhausted', {
          cause: new ServiceError('unavailable', 'draining', { retryAfterMs: 1500 }),
        }),
      );
    const { url } = await hinting([wrapped, busy(0)]);
    const first = await fetch(url, { method: 'POST', body: '{}' });
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '2', "the cause's 1500 ms, in whole seconds");
    await first.text();
    const second = await fetch(url, { method: 'POST', body: '{}' });
    assert.equal(second.headers.get('retry-after'), '0', 'retry now is a hint too');
    await second.text();
  });

  it('the client reads Retry-After back into retryAfterMs', async () => {
    const { client } = await hinting([busy(1000)]);
    await assert.rejects(client(background(), {}), (err: unknown) => {
      assert.ok(err instanceof ResponseStatusError);
      assert.equal(err.status, 503);
      assert.equal(err.retryAfterMs, 1000);
      return true;
    });
  });

  it('retry waits for the hinted second before the next attempt', async () => {
    const { client, arrivals } = await hinting([busy(1000), async () => ({ v: 'ok' })]);
    // A minute's budget: the hint, not the deadline, decides when the second attempt goes.
    const call = retry(3, 60_000, roundRobin(fixedEndpointer([client])));
    assert.deepEqual(await call(background(), {}), { v: 'ok' });
    assert.equal(arrivals.length, 2);
    const gap = (arrivals[1] as number) - (arrivals[0] as number);
    assert.ok(gap >= 950, `the second attempt came ${gap} ms after the first`);
  });

  it('retry stops at once, with the callee error, when the hint would pass its deadline', async () => {
    const { client, arrivals } = await hinting([busy(120_000)]);
    // Retry-After: 120 against a 5 s budget: waiting is pointless. A retry that waited anyway
    // would end with the deadline's error after 5 s instead.
    const call = retry(3, 5_000, roundRobin(fixedEndpointer([client])));
    await assert.rejects(call(background(), {}), (err: unknown) => {
      assert.ok(err instanceof RetryError, String(err));
      assert.ok(err.final instanceof ResponseStatusError);
      assert.equal(err.final.status, 503);
      assert.equal(err.final.retryAfterMs, 120_000);
      return true;
    });
    assert.equal(arrivals.length, 1, 'one attempt');
  });
});
