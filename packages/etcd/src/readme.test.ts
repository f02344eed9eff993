import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { requireService } from '@svckit/testing';

// The README's example is src/testdata/readme-example.ts, word for word, and runs.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('../src/testdata/readme-example.ts', import.meta.url), 'utf8');

test('README: the example is testdata/readme-example.ts', () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.equal(block, source);
});

test('README: the example runs against etcd', async (t) => {
  const url = requireService(t, 'etcd');
  if (url === undefined) return;
  const script = fileURLToPath(new URL('./testdata/readme-example.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: { ...process.env, ETCD_URL: url, PREFIX: `/svckit/readme/${randomUUID()}/` },
    timeout: 20_000,
  });
  assert.equal(stdout, 'called 127.0.0.1:8080\n');
});
