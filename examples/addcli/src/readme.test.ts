// README.md, run: each `npm start -w examples/addcli -- … # output` line against a real
// svckit addsvc (free ports instead of the README's), its output compared with the comment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { nopLogger } from '@svckit/core/log';
import { addsvcFlags, newAddsvc, parseFlags } from '@svckit/example-addsvc';
import { run } from './addcli.js';

it('README: every example line prints what its comment says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const lines = [...readme.matchAll(/^npm start -w examples\/addcli -- (.*?) +# (.*)$/gm)];
  assert.ok(lines.length >= 4);
  const flags = parseFlags(addsvcFlags, [
    '-http-addr=127.0.0.1:0',
    '-grpc-addr=127.0.0.1:0',
    '-debug.addr=',
    '-jsonrpc-addr=',
    '-ratelimit=false',
  ]).values;
  const svc = newAddsvc(flags, { logger: nopLogger, signals: [] });
  let started!: () => void;
  const up = new Promise<void>((r) => (started = r));
  const exit = svc.run(started);
  await up;
  try {
    for (const [, args = '', want] of lines) {
      const argv = args
        .split(/ +/)
        .map((a) =>
          a === '127.0.0.1:8081'
            ? (svc.addresses.get('HTTP') as string)
            : a === '127.0.0.1:8082'
              ? (svc.addresses.get('gRPC') as string)
              : a,
        );
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
