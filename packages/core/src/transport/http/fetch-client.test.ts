// The Fetch client and the node:http client pass the same suite (client-suite.test.helper.ts),
// here under Node (whose fetch is undici); bun-client.test.ts runs the Fetch client under Bun.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient, createFetchClient } from './index.js';
import { clientSuite } from './client-suite.test.helper.js';

clientSuite('node:http (createClient)', createClient);
clientSuite('fetch (createFetchClient)', createFetchClient);

test('importing the HTTP transport loads no node:http; the node:http client loads it on its first call', async () => {
  const index = new URL('./index.js', import.meta.url).href;
  const context = new URL('../../context/index.js', import.meta.url).href;
  const script = `
const loaded = () => process.moduleLoadList.filter((m) => /^NativeModule (https?|net)$/.test(m));
const m = await import(${JSON.stringify(index)});
const { background } = await import(${JSON.stringify(context)});
const before = loaded();
m.createFetchClient('GET', 'http://127.0.0.1:1/', () => {}, () => 0);
const client = m.createClient('GET', 'http://127.0.0.1:1/', () => {}, () => 0);
const created = loaded();
await client(background(), 0).catch(() => {});
console.log(JSON.stringify({ before, created, afterCall: loaded() }));`;
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '-e',
    script,
  ]);
  const out = JSON.parse(stdout) as { before: string[]; created: string[]; afterCall: string[] };
  // (Node's own fetch loads node:http internally when it runs; that is not svckit's doing.)
  assert.deepEqual(out.before, []);
  assert.deepEqual(out.created, [], 'creating clients loads nothing');
  assert.ok(out.afterCall.includes('NativeModule http'), out.afterCall.join());
});
