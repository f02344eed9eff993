import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findRepoRoot } from './workspace.js';

const root = findRepoRoot();
const runDir = mkdtempSync(join(tmpdir(), 'svckit-cli-'));
after(() => rmSync(runDir, { recursive: true, force: true }));

function run(cli: string, args: string[]): { status: number | null; out: string; err: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('SVCKIT_') && !key.startsWith('NODE_TEST')) env[key] = value;
  }
  const result = spawnSync(process.execPath, [new URL(cli, import.meta.url).pathname, ...args], {
    cwd: root,
    env: { ...env, SVCKIT_RUN_DIR: runDir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe('services-cli', () => {
  it('env, in a run dir where nothing runs, exports only installed binaries', () => {
    const { status, out } = run('./services-cli.js', ['env']);
    assert.equal(status, 0);
    for (const line of out.trim().split('\n').filter(Boolean)) {
      assert.match(line, /^export SVCKIT_[A-Z0-9_]+=\/\S+$/);
      assert.doesNotMatch(line, /_(URL|ADDR)=/);
    }
  });

  it('needs prints the union the workspaces declare', () => {
    const { status, out } = run('./services-cli.js', ['needs']);
    assert.equal(status, 0);
    assert.ok(out.trim().split(' ').includes('amqp'), out);
  });

  it('status says down and exits 1; down writes the env file', () => {
    const s = run('./services-cli.js', ['status', 'nats', 'redis']);
    assert.equal(s.status, 1);
    assert.match(s.out, /^nats\s+down$/m);
    assert.match(s.out, /^redis\s+down$/m);
    assert.equal(run('./services-cli.js', ['down']).status, 0);
    assert.ok(existsSync(join(runDir, 'env')));
  });

  it('missing-packages names Debian packages only for what is not installed', () => {
    const { status, out } = run('./services-cli.js', ['missing-packages', 'promtool']);
    assert.equal(status, 0);
    assert.match(out, /^(prometheus)?\n$/);
  });

  it('refuses an unknown name or command', () => {
    const unknown = run('./services-cli.js', ['up', 'natz']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.err, /unknown: natz; the table has: nats amqp/);
    const usage = run('./services-cli.js', ['start']);
    assert.equal(usage.status, 2);
    assert.match(usage.err, /usage: services up\|down\|env\|status/);
  });
});

describe('coverage-cli', () => {
  const summary = (covered: number): string => {
    const file = join(runDir, `summary-${covered}.json`);
    const cov = { lines: { total: 1000, covered }, branches: { total: 10, covered: 10 } };
    writeFileSync(file, JSON.stringify({ [join(root, 'packages/testing/src/x.ts')]: cov }));
    return file;
  };

  it('prints each workspace and passes at or above its floor', () => {
    const { status, out } = run('./coverage-cli.js', [summary(1000)]);
    assert.equal(status, 0, out);
    assert.match(out, /@svckit\/testing\s+lines\s+100\.00 % \(floor \d+\)/);
  });

  it('fails below the floor, naming the package and the figure', () => {
    const { status, out } = run('./coverage-cli.js', [summary(500)]);
    assert.equal(status, 1, out);
    assert.match(out, /coverage: @svckit\/testing below its floor: lines 50\.00 % < \d+ %/);
  });

  it('needs a summary file', () => {
    assert.equal(run('./coverage-cli.js', []).status, 2);
  });
});
