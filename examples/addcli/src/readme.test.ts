// README.md, run: each `npm start -w examples/addcli -- … # output` line against a real
// svckit addsvc (free ports and the harness's brokers instead of the README's), its output
// compared with the comment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { nopLogger } from '@svckit/core/log';
import { addsvcFlags, newAddsvc, parseFlags } from '@svckit/example-addsvc';
import { requireService } from '@svckit/testing';
import { run } from './addcli.js';

it('README: every example line prints what its comment says', async (t) => {
  const nats = requireService(t, 'nats');
  const amqp = requireService(t, 'amqp');
  if (nats === undefined || amqp === undefined) return;
  const prefix = `addsvc-${randomUUID()}`;
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const lines = [...readme.matchAll(/^npm start -w examples\/addcli -- (.*?) +# (.*)$/gm)];
  assert.ok(lines.length >= 4);
  const flags = parseFlags(addsvcFlags, [
    '-http-addr=127.0.0.1:0',
    '-grpc-addr=127.0.0.1:0',
    '-debug.addr=',
    '-jsonrpc-addr=127.0.0.1:0',
    `-nats-url=${nats}`,
    `-amqp-url=${amqp}`,
    `-msg-prefix=${prefix}`,
    '-ratelimit=false',
  ]).values;
  const svc = newAddsvc(flags, { logger: nopLogger, signals: [] });
  let started!: () => void;
  const up = new Promise<void>((r) => (started = r));
  const exit = svc.run(started);
  await up;
  try {
    for (const [, args = '', want] of lines) {
      const ours: Record<string, string> = {
        '127.0.0.1:8081': svc.addresses.get('HTTP') as string,
        '127.0.0.1:8082': svc.addresses.get('gRPC') as string,
        '127.0.0.1:8084': svc.addresses.get('JSONRPC over HTTP') as string,
        'nats://127.0.0.1:4222': nats,
        'amqp://guest:guest@127.0.0.1:5672': amqp,
      };
      const argv = [`-msg-prefix=${prefix}`, ...args.split(/ +/).map((a) => ours[a] ?? a)];
      let out = '';
      const write = { write: (s: string) => (out += s) };
      await run(argv, { stdout: write, stderr: write });
      assert.equal(out, `${want}\n`, args);
    }
  } finally {
    svc.stop();
    await exit;
  }
});
