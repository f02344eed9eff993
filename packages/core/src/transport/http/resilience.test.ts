// The user stories of issue 9, over real HTTP on 127.0.0.1: resilience defaults that read
// error codes, so the caller's own mistakes and a callee's limits neither trip breakers nor
// get resent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { Server as NodeServer } from 'node:http';
import { circuitBreaker, consecutiveFailures, createBreaker } from '../../circuitbreaker/index.js';
import type { Breaker } from '../../circuitbreaker/index.js';
import { background } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { ServiceError } from '../../errors/index.js';
import { RateLimitError } from '../../ratelimit/index.js';
import { fixedEndpointer } from '../../sd/index.js';
import { RetryError, retry, roundRobin } from '../../sd/lb/index.js';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  listen,
  ResponseStatusError,
} from './index.js';
import type { Server } from './index.js';
import { baseURL, listenPlain, track } from './serve.test.helper.js';

/** Instance is a real server on 127.0.0.1 counting the requests that reach it. */
interface Instance {
  readonly url: string;
  requests: number;
}

async function instance(server: Server | NodeServer): Promise<Instance> {
  const s = 'node' in server ? track(await listen(server.node)) : server;
  const url = s.listening ? baseURL(s) : await listenPlain(s);
  const inst = { url, requests: 0 };
  s.on('request', () => inst.requests++);
  return inst;
}

interface Sum {
  readonly a: unknown;
  readonly b: unknown;
}
const sumServer = (bodyLimit?: number) =>
  createServer(
    async (_ctx, req: Sum) => {
      if (typeof req.a !== 'number')
        throw new ServiceError('invalid_argument', 'a must be a number');
      return { v: req.a + Number(req.b) };
    },
    decodeJSONRequest((body) => body as Sum),
    encodeJSONResponse,
    bodyLimit === undefined ? {} : { bodyLimit },
  );

/** guarded is stringsvc3's proxy shape with svckit's defaults: breaker per instance, retry 3. */
function guarded(instances: Instance[]): {
  call: Endpoint<unknown, { v: number }>;
  breakers: Breaker[];
} {
  const breakers = instances.map(() => createBreaker({ readyToTrip: consecutiveFailures(3) }));
  const endpoints = instances.map((inst, i) =>
    circuitBreaker(breakers[i])(
      createClient('POST', inst.url, encodeJSONRequest, decodeJSONResponse<{ v: number }>),
    ),
  );
  return { call: retry(3, 5000, roundRobin(fixedEndpointer(endpoints))), breakers };
}

describe('resilience defaults over HTTP (issue 9 user stories)', () => {
  it('bad input is sent once per call and never opens the breaker of a healthy instance', async () => {
    const healthy = await instance(sumServer());
    const { call, breakers } = guarded([healthy]);
    for (let i = 0; i < 4; i++) {
      await assert.rejects(call(background(), { a: 'x', b: 1 }), (err: unknown) => {
        assert.ok(err instanceof RetryError);
        assert.ok(err.final instanceof ResponseStatusError);
        assert.equal(err.final.message, 'a must be a number', "the server's own text");
        assert.equal(err.code, 'invalid_argument');
        return true;
      });
    }
    assert.equal(healthy.requests, 4, 'each bad call was sent once, not three times');
    assert.equal(breakers[0]?.state, 'closed');
    assert.deepEqual(await call(background(), { a: 1, b: 2 }), { v: 3 });
  });

  it('a burst answered 429 opens no breaker and is not retried (svckit and plain servers)', async () => {
    const svckit = await instance(
      createServer(
        () => Promise.reject(new RateLimitError()),
        decodeJSONRequest(),
        encodeJSONResponse,
      ),
    );
    const plain = await instance(
      createNodeServer((_req, res) => {
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' });
        res.end('slow down');
      }),
    );
    const { call, breakers } = guarded([svckit, plain]);
    for (let i = 0; i < 10; i++) {
      await assert.rejects(call(background(), { a: 1, b: 2 }), { code: 'resource_exhausted' });
    }
    assert.equal(svckit.requests + plain.requests, 10, 'one request per call');
    assert.deepEqual(
      breakers.map((b) => b.state),
      ['closed', 'closed'],
    );
  });

  it('a 2 MiB body over a 1 MiB limit is sent once for one 413', async () => {
    const limited = await instance(sumServer(1024 * 1024));
    const { call } = guarded([limited]);
    const big = { a: 1, b: 'x'.repeat(2 * 1024 * 1024) };
    await assert.rejects(call(background(), big), (err: unknown) => {
      assert.ok(err instanceof RetryError);
      assert.ok(err.final instanceof ResponseStatusError);
      assert.equal(err.final.status, 413);
      assert.equal(err.code, 'resource_exhausted');
      return true;
    });
    assert.equal(limited.requests, 1);
  });

  it("the callee's failures still count: a 503 instance is retried elsewhere and trips its breaker", async () => {
    const down = await instance(
      createServer(
        () => Promise.reject(new ServiceError('unavailable', 'draining')),
        decodeJSONRequest(),
        encodeJSONResponse,
      ),
    );
    const healthy = await instance(sumServer());
    const { call, breakers } = guarded([down, healthy]);
    for (let i = 0; i < 6; i++)
      assert.deepEqual(await call(background(), { a: 2, b: 2 }), { v: 4 });
    assert.equal(breakers[0]?.state, 'open', 'three 503s in a row open the breaker');
    assert.equal(breakers[1]?.state, 'closed');
  });
});
