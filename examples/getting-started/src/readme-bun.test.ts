// The Fetch client example of packages/core/README.md, run by the Bun binary from npm (the
// @oven/bun-linux-x64 package examples/stringsvc1 installs). Under CI=true a missing binary
// fails instead of skipping.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bun = fileURLToPath(
  new URL('../../../node_modules/@oven/bun-linux-x64/bin/bun', import.meta.url),
);
const skip = existsSync(bun) || process.env['CI'] === 'true' ? false : `no Bun binary at ${bun}`;

test('core README: the Fetch client example runs under Bun', { skip }, async () => {
  const example = fileURLToPath(new URL('./readme/fetch-client.js', import.meta.url));
  const { stdout } = await promisify(execFile)(bun, [example]);
  assert.match(stdout, /^\{\s*v: 3,?\s*\}\s*$/);
});
