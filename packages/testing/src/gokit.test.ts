import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GOKIT_PEERS, goKitBuild, goKitPeerPath } from './gokit.js';

const script = fileURLToPath(new URL('../../../scripts/gokit.sh', import.meta.url));

test('goKitBuild: every peer is an executable in the cached build directory', (t) => {
  if (goKitPeerPath(t, 'stringsvc') === undefined) return;
  const build = goKitBuild();
  assert.ok('dir' in build);
  assert.match(build.dir, /\/\.cache\/gokit\/bin-[0-9a-f]{16}$/);
  for (const peer of GOKIT_PEERS) accessSync(join(build.dir, peer), constants.X_OK);
});

test('a second `gokit.sh build` rebuilds nothing: same directory, same binaries', (t) => {
  if (goKitPeerPath(t, 'addsvc') === undefined) return;
  const build = goKitBuild();
  assert.ok('dir' in build);
  const before = statSync(join(build.dir, 'addsvc')).mtimeMs;
  const again = spawnSync('bash', [script, 'build'], { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout.trim(), build.dir);
  assert.doesNotMatch(again.stderr, /building/);
  assert.equal(statSync(join(build.dir, 'addsvc')).mtimeMs, before);
});

// Without Go, in a real node:test run in a child process: skipped loudly, or failed under CI.
const gokitModule = new URL('./gokit.js', import.meta.url).href;
const child = `
import { test } from 'node:test';
import { goKitPeerPath } from ${JSON.stringify(gokitModule)};
test('needs addsvc', (t) => {
  const path = goKitPeerPath(t, 'addsvc');
  if (path === undefined) return;
  console.log('GOT ' + path);
});
`;

function runChild(extra: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-gokit-'));
  try {
    const file = join(dir, 'child.mjs');
    writeFileSync(file, child);
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (key !== 'CI' && !key.startsWith('NODE_TEST')) env[key] = value;
    }
    const result = spawnSync(process.execPath, [file], {
      cwd: dir,
      env: { ...env, SVCKIT_GO: '/nonexistent/go', ...extra },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('goKitPeerPath skips loudly without Go outside CI', () => {
  const { status, output } = runChild({});
  assert.equal(status, 0, output);
  assert.match(output, /# SKIP/);
  assert.match(output, /!!! SKIPPED 'needs addsvc': Go kit peers are not available: .*golang-go/);
  assert.match(output, /scripts\/gokit\.sh install/);
  assert.doesNotMatch(output, /GOT /);
});

test('goKitPeerPath fails the test without Go under CI=true', () => {
  const { status, output } = runChild({ CI: 'true' });
  assert.equal(status, 1, output);
  assert.match(output, /not ok 1 - needs addsvc/);
  assert.match(output, /missing Go kit peers fail the test/);
});
