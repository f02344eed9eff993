import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startApiServerDouble } from './testdata/apiserver-double.js';

// The README's example is src/testdata/readme-example.ts, word for word, and runs (against
// the API server double).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('../src/testdata/readme-example.ts', import.meta.url), 'utf8');

test('README: the example is testdata/readme-example.ts', () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.equal(block, source);
});

test('README: the example runs against the API server double', async (t) => {
  const api = await startApiServerDouble();
  t.after(() => api.close());
  api.setEndpoints('shop', 'cart', 'cart-a', ['10.1.0.1'], ['10.1.0.2']);
  const script = fileURLToPath(new URL('./testdata/readme-example.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: { ...process.env, K8S_SERVER: api.url },
    timeout: 20_000,
  });
  assert.equal(stdout, 'called 10.1.0.1:8080\n');
});
