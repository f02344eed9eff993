// `npm run docs` (TypeDoc over every public entry point, typedoc.json) builds with zero
// warnings: a broken {@link}, a symbol documented but not exported, an unknown tag fail here.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the API docs build without a warning', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'svckit-api-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const typedoc = join(root, 'node_modules/typedoc/bin/typedoc');
  const result = await run(process.execPath, [typedoc, '--out', out, '--logLevel', 'Warn'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: { stdout?: string; stderr?: string }) => {
    assert.fail(`typedoc failed:\n${err.stdout ?? ''}${err.stderr ?? String(err)}`);
  });
  assert.doesNotMatch(result.stdout + result.stderr, /warning|error/i);
  // Modules carry their package names, and every public package is there.
  for (const page of [
    '_svckit_core_transport_http.html',
    '_svckit_prometheus.html',
    '_svckit_grpc.html',
  ]) {
    assert.ok(existsSync(join(out, 'modules', page)), `no ${page}`);
  }
});
