import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startConsulDouble } from './testdata/consul-double.js';

// The README's example is src/testdata/readme-example.ts, word for word, and runs (against
// the agent double).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('../src/testdata/readme-example.ts', import.meta.url), 'utf8');

test('README: the example is testdata/readme-example.ts', () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.equal(block, source);
});

test('README: the example runs against the agent double', async (t) => {
  const double = await startConsulDouble();
  t.after(() => double.close());
  const script = fileURLToPath(new URL('./testdata/readme-example.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: { ...process.env, CONSUL_ADDR: double.url },
    timeout: 20_000,
  });
  assert.equal(stdout, 'called 127.0.0.1:8080\n');
  assert.deepEqual(double.ids('users'), [], 'deregistered at the end');
});
