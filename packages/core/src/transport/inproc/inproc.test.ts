import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  background,
  createKey,
  isCanceled,
  isDeadlineExceeded,
  withCancel,
  withTimeout,
  withValue,
} from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { ServiceError, codeOf } from '../../errors/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { createClient, createServer } from './index.js';
import type { Message } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decodeText = (_ctx: Context, m: Message) => m.payload as string;
const encodeText = (_ctx: Context, m: Message, value: string) => {
  m.payload = value;
};

function pair(endpoint: Endpoint<string, string>, log: string[] = []) {
  const server = createServer(endpoint, decodeText, encodeText, {
    before: [(ctx, m) => (log.push(`server before ${m.headers['x-id'] ?? ''}`), ctx)],
    after: [(ctx, reply) => ((reply.headers['x-served'] = 'yes'), log.push('server after'), ctx)],
    finalizer: [(_ctx, o) => log.push(`server finalizer failed=${o.failed}`)],
  });
  const client = createClient(server, encodeText, decodeText, {
    before: [(ctx, m) => ((m.headers['x-id'] = 'r1'), log.push('client before'), ctx)],
    after: [(ctx, reply) => (log.push(`client after ${reply.headers['x-served'] ?? '-'}`), ctx)],
    finalizer: [(_ctx, err) => log.push(`client finalizer ${err === undefined ? 'ok' : 'err'}`)],
  });
  return { server, client };
}

describe('in-process transport', () => {
  it('calls through both sides with every hook, headers travelling', async () => {
    const log: string[] = [];
    const { client } = pair(async (_ctx, s) => (log.push('endpoint'), s.toUpperCase()), log);
    assert.equal(await client(background(), 'hello'), 'HELLO');
    assert.deepEqual(log, [
      'client before',
      'server before r1',
      'endpoint',
      'server after',
      'server finalizer failed=false',
      'client after yes',
      'client finalizer ok',
    ]);
  });

  it('errors travel with their code and text, like a wire (not the object)', async () => {
    const { client } = pair(() => Promise.reject(new ServiceError('not_found', 'no such user')));
    await assert.rejects(client(background(), 'x'), (err: unknown) => {
      assert.ok(err instanceof ServiceError);
      assert.equal(err.code, 'not_found');
      assert.equal(err.message, 'no such user');
      return true;
    });
    const plain = pair(() => Promise.reject(new Error('boom'))).client;
    await assert.rejects(plain(background(), 'x'), { code: 'unknown', message: 'boom' });
  });

  it('the errorCode option is the wire status of this transport', async () => {
    const server = createServer(
      () => Promise.reject(new ServiceError('invalid_argument', 'bad')),
      decodeText,
      encodeText,
      { errorCode: () => 'internal' },
    );
    const client = createClient(server, encodeText, decodeText);
    await assert.rejects(client(background(), 'x'), { code: 'internal', message: 'bad' });
  });

  it('messages are copied on every hop; context values do not cross', async () => {
    const key = createKey<string>('user');
    const sent = { list: [1] };
    let seenValue: string | undefined = 'unset';
    const server = createServer(
      async (ctx, req: { list: number[] }) => {
        seenValue = ctx.value(key);
        req.list.push(2);
        return req;
      },
      (_ctx, m) => m.payload as { list: number[] },
      (_ctx, m, res) => void (m.payload = res),
    );
    const client = createClient(
      server,
      (_ctx, m, r: { list: number[] }) => void (m.payload = r),
      (_ctx, m) => m.payload as { list: number[] },
    );
    const got = await client(withValue(background(), key, 'ada'), sent);
    assert.deepEqual(got, { list: [1, 2] });
    assert.deepEqual(sent, { list: [1] }, "the caller's object is untouched");
    assert.equal(seenValue, undefined);
  });

  it('the deadline travels as connect-timeout-ms and bounds the server context', async () => {
    let header: string | undefined;
    let serverDeadline: number | undefined; // ms left when the server saw the request
    const server = createServer(
      async (ctx) => {
        serverDeadline = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now();
        return 'ok';
      },
      (_ctx, m) => ((header = m.headers['connect-timeout-ms']), ''),
      encodeText,
    );
    const client = createClient(server, encodeText, decodeText);
    const [ctx, cancel] = withTimeout(background(), 500);
    await client(ctx, 'x');
    cancel();
    assert.match(header ?? '', /^\d+$/);
    assert.ok(Number(header) > 0 && Number(header) <= 500, header);
    // The budget the server sees never exceeds the caller's (each hop counts from its own receipt).
    assert.ok(serverDeadline !== undefined && serverDeadline > 0 && serverDeadline <= 500);

    const quiet = createClient(server, encodeText, decodeText, { propagateDeadline: false });
    const [ctx2, cancel2] = withTimeout(background(), 500);
    await quiet(ctx2, 'x');
    cancel2();
    assert.equal(header, undefined);
    assert.equal(serverDeadline, undefined);
  });

  it('a server past its deadline answers deadline_exceeded without calling the endpoint', async () => {
    let calls = 0;
    const server = createServer(async () => (calls++, 'late'), decodeText, encodeText);
    const call = (timeout: string) =>
      server.serve(background(), { headers: { 'connect-timeout-ms': timeout }, payload: 'x' });
    const reply = await call('0');
    assert.equal(reply.headers['svckit-error-code'], 'deadline_exceeded');
    assert.equal(calls, 0);
    const malformed = await call('-5');
    assert.equal(malformed.payload, 'late', 'a malformed header is ignored');
  });

  it("the caller's deadline aborts the server's context and rejects the call", async () => {
    let serverSaw: unknown;
    const { client } = pair(
      (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            serverSaw = ctx.signal.reason;
            reject(ctx.signal.reason as Error);
          });
        }),
    );
    const [ctx, cancel] = withTimeout(background(), 30);
    await assert.rejects(client(ctx, 'x'), (err: unknown) => isDeadlineExceeded(err));
    cancel();
    await sleep(20);
    assert.ok(isDeadlineExceeded(serverSaw), String(serverSaw));
  });

  it("the caller's cancellation reaches the server, even one that ignores it", async () => {
    let serverSignal: AbortSignal | undefined;
    const { client } = pair(async (ctx) => {
      serverSignal = ctx.signal;
      await sleep(50);
      return 'too late';
    });
    const [ctx, cancel] = withCancel(background());
    const call = client(ctx, 'x');
    await sleep(5);
    cancel();
    await assert.rejects(call, (err: unknown) => isCanceled(err));
    assert.equal(serverSignal?.aborted, true);
    const expired = withTimeout(background(), -1);
    await assert.rejects(
      client(expired[0], 'x'),
      (e: unknown) => codeOf(e) === 'deadline_exceeded',
    );
    expired[1]();
  });
});
