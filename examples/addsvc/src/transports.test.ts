// addsvc's JSON-RPC, NATS and AMQP transports: the bytes of examples protocol §2.5 and §3,
// hostile input answered with a clear error, and the lifecycle (one run group:
// a stop drains NATS and leaves nobody serving).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { createConnection, createClient as createAMQPClient } from '@svckit/amqp';
import { background } from '@svckit/core/context';
import {
  freePort,
  requireBinary,
  requireService,
  startProcess,
  waitForPort,
} from '@svckit/testing';
import { startAddsvc } from './addsvc.test.helper.js';

async function post(address: string, body: string): Promise<[number, string]> {
  const res = await fetch(`http://${address}/any/path`, { method: 'POST', body });
  return [res.status, await res.text()];
}

describe('addsvc over JSON-RPC (§2.5)', () => {
  it('results, Go kit error objects, int64 exact, bad input', async (t) => {
    const svc = await startAddsvc(['-jsonrpc-addr=127.0.0.1:0', '-ratelimit=false']);
    t.after(() => svc.stop());
    const at = svc.svc.addresses.get('JSONRPC over HTTP') as string;
    assert.deepEqual(
      await post(at, '{"jsonrpc":"2.0","method":"sum","params":{"A":1,"B":2},"id":7}'),
      [200, '{"jsonrpc":"2.0","result":{"v":3},"id":7}\n'],
    );
    assert.deepEqual(
      await post(
        at,
        '{"jsonrpc":"2.0","method":"sum","params":{"a":9007199254740993,"b":1},"id":1}',
      ),
      [200, '{"jsonrpc":"2.0","result":{"v":0,"err":"integer overflow"},"id":1}\n'],
    );
    assert.deepEqual(
      await post(at, '{"jsonrpc":"2.0","method":"concat","params":{"a":"ab","b":"cd"},"id":2}'),
      [200, '{"jsonrpc":"2.0","result":{"v":"abcd"},"id":2}\n'],
    );
    const [status, text] = await post(at, '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":3}');
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(text).error, {
      code: -32000,
      message:
        "couldn't unmarshal body to sum request: json: cannot unmarshal array into Go value of type addendpoint.SumRequest",
    });
    const decodeError = async (method: string, params: string): Promise<unknown> =>
      JSON.parse((await post(at, `{"jsonrpc":"2.0","method":"${method}"${params},"id":9}`))[1])
        .error;
    for (const [method, params, why] of [
      ['sum', '', 'unexpected end of JSON input'],
      [
        'sum',
        ',"params":{"a":"x"}',
        'json: cannot unmarshal string into Go struct field SumRequest.A of type int',
      ],
      [
        'sum',
        ',"params":{"b":true}',
        'json: cannot unmarshal bool into Go struct field SumRequest.B of type int',
      ],
      [
        'sum',
        ',"params":{"a":1.5}',
        'json: cannot unmarshal number 1.5 into Go struct field SumRequest.A of type int',
      ],
      [
        'sum',
        ',"params":{"a":99999999999999999999}',
        'json: cannot unmarshal number 99999999999999999999 into Go struct field SumRequest.A of type int',
      ],
      [
        'concat',
        ',"params":{"a":1}',
        'json: cannot unmarshal number into Go struct field ConcatRequest.A of type string',
      ],
      [
        'concat',
        ',"params":{"B":[]}',
        'json: cannot unmarshal array into Go struct field ConcatRequest.B of type string',
      ],
      [
        'concat',
        ',"params":[]',
        'json: cannot unmarshal array into Go value of type addendpoint.ConcatRequest',
      ],
    ] as const) {
      assert.deepEqual(
        await decodeError(method, params),
        { code: -32000, message: `couldn't unmarshal body to ${method} request: ${why}` },
        `${method} ${params}`,
      );
    }
    // Missing or null fields are Go's zero values; keys in any case.
    assert.deepEqual(
      await post(at, '{"jsonrpc":"2.0","method":"concat","params":{"A":null,"b":"x"},"id":8}'),
      [200, '{"jsonrpc":"2.0","result":{"v":"x"},"id":8}\n'],
    );
    assert.equal(JSON.parse((await post(at, '{"method":"mul","id":4}'))[1]).error.code, -32601);
    assert.equal(JSON.parse((await post(at, 'nope'))[1]).error.code, -32700);
    const huge = `{"jsonrpc":"2.0","method":"concat","params":{"a":"${'x'.repeat(2 << 20)}"},"id":5}`;
    assert.equal((await post(at, huge))[0], 413);
  });
});

describe('addsvc over NATS and AMQP (§3)', () => {
  it('the replies of the convention, over NATS', async (t) => {
    const url = requireService(t, 'nats');
    if (url === undefined) return;
    const prefix = `addsvc-${randomUUID()}`;
    const svc = await startAddsvc([
      `-nats-url=${url}`,
      `-msg-prefix=${prefix}`,
      '-ratelimit=false',
    ]);
    t.after(() => svc.stop());
    const nc = await connect({ servers: url });
    t.after(() => nc.close());
    const ask = async (subject: string, body: string) => {
      const m = await nc.request(`${prefix}.${subject}`, body, { timeout: 5000 });
      const code: string = m.headers?.get('svckit-error-code') ?? '';
      return [new TextDecoder().decode(m.data), code] as const;
    };
    assert.deepEqual(await ask('sum', '{"a":1,"b":2}'), ['{"v":3}', '']);
    assert.deepEqual(await ask('sum', '{"A":1152921504606846976,"B":-1}'), [
      '{"v":1152921504606846975}',
      '',
    ]);
    assert.deepEqual(await ask('sum', '{"a":2147483647,"b":1}'), [
      '{"v":0,"err":"integer overflow"}',
      '',
    ]);
    assert.deepEqual(await ask('sum', '{"a":0,"b":0}'), [
      '{"v":0,"err":"can\'t sum two zeroes"}',
      '',
    ]);
    assert.deepEqual(await ask('concat', '{"a":"<é>","b":"&"}'), [
      '{"v":"\\u003cé\\u003e\\u0026"}',
      '',
    ]);
    assert.deepEqual(await ask('sum', '{"a":"x"}'), [
      '{"err":"json: cannot unmarshal string into Go struct field SumRequest.A of type int"}',
      'invalid_argument',
    ]);
    const [bad, code] = await ask('sum', '{"a":');
    assert.match(bad, /^\{"err":".+"\}$/);
    assert.equal(code, 'invalid_argument');
    // A body over the server's 1 MiB is refused `resource_exhausted` by @svckit/nats (tested
    // there); the broker's own max_payload, also 1 MiB here, refuses it before it comes.
  });

  it('the replies of the convention, over AMQP', async (t) => {
    const url = requireService(t, 'amqp');
    if (url === undefined) return;
    const prefix = `addsvc-${randomUUID()}`;
    const svc = await startAddsvc([
      `-amqp-url=${url}`,
      `-msg-prefix=${prefix}`,
      '-ratelimit=false',
    ]);
    t.after(() => svc.stop());
    const conn = await createConnection(url);
    t.after(() => conn.close());
    const call = (queue: string) =>
      createAMQPClient<string, string>(
        conn,
        `${prefix}.${queue}`,
        (_ctx, p, body) => {
          p.content = body;
        },
        (_ctx, d) => `${d.properties.contentType as string} ${d.content.toString()}`,
      );
    assert.equal(await call('sum')(background(), '{"a":1,"b":2}'), 'application/json {"v":3}');
    assert.equal(
      await call('concat')(background(), '{"a":"ééééé","b":"x"}'),
      'application/json {"v":"","err":"result exceeds maximum size"}',
    );
    await assert.rejects(call('sum')(background(), '[]'), {
      message: 'json: cannot unmarshal array into Go value of type addendpoint.SumRequest',
    });
  });

  it('runs in the run group: stopping drains NATS and leaves nobody serving the prefix', async (t) => {
    const url = requireService(t, 'nats');
    if (url === undefined) return;
    const prefix = `addsvc-${randomUUID()}`;
    const svc = await startAddsvc([
      `-nats-url=${url}`,
      `-msg-prefix=${prefix}`,
      '-ratelimit=false',
    ]);
    const nc = await connect({ servers: url });
    t.after(() => nc.close());
    const before = await nc.request(`${prefix}.sum`, '{"a":2,"b":3}', { timeout: 5000 });
    assert.equal(new TextDecoder().decode(before.data), '{"v":5}');
    const exit = await svc.stop();
    assert.equal(exit.error, undefined);
    assert.ok(svc.logs.some((l) => l.includes('NATS') && l.includes('stopped')));
    // After the stop nobody serves the prefix.
    await assert.rejects(nc.request(`${prefix}.sum`, '{"a":2,"b":3}', { timeout: 2000 }));
  });
});

describe('addsvc over NATS when the broker goes and comes back', () => {
  it('keeps running, reconnects and serves again; a stop then is clean', async (t) => {
    const bin = requireBinary(t, 'nats');
    if (bin === undefined) return;
    const port = await freePort();
    const args = ['-a', '127.0.0.1', '-p', String(port)];
    let broker = await startProcess(bin, args);
    t.after(() => broker.stop());
    await waitForPort('127.0.0.1', port, 10_000);
    const url = `nats://127.0.0.1:${port}`;
    const svc = await startAddsvc([`-nats-url=${url}`, '-ratelimit=false']);
    t.after(() => svc.stop());
    const ask = async (): Promise<string> => {
      const nc = await connect({ servers: url });
      try {
        const m = await nc.request('addsvc.sum', '{"a":1,"b":2}', { timeout: 1000 });
        return new TextDecoder().decode(m.data);
      } finally {
        await nc.close();
      }
    };
    assert.equal(await ask(), '{"v":3}');
    broker.signal('SIGKILL');
    await broker.exited;
    broker = await startProcess(bin, args);
    await waitForPort('127.0.0.1', port, 10_000);
    let answer = '';
    const deadline = Date.now() + 10_000;
    while (answer !== '{"v":3}' && Date.now() < deadline) {
      answer = await ask().catch((err: unknown) => String(err));
      if (answer !== '{"v":3}') await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(answer, '{"v":3}', 'served again after the broker came back');
    assert.ok(svc.logs.some((l) => l.includes('NATS') && l.includes('reconnect')));
    const exit = await svc.stop();
    assert.equal(exit.error, undefined);
  });
});
