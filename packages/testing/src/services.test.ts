import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseServicesEnv } from './services-env.js';
import {
  binaryPath,
  missingServiceAction,
  missingServiceMessage,
  requireBinary,
  serviceUrl,
} from './services.js';

/** An environment without any SVCKIT_* variable or CI, reading the env file of runDir only. */
function isolatedEnv(runDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('SVCKIT_') && key !== 'CI' && !key.startsWith('NODE_TEST')) {
      env[key] = value;
    }
  }
  return { ...env, SVCKIT_RUN_DIR: runDir, ...extra };
}

test('parseServicesEnv reads export lines and strips quotes', () => {
  const vars = parseServicesEnv(
    [
      '# comment',
      'export SVCKIT_NATS_URL=nats://127.0.0.1:47222',
      "export SVCKIT_DNS_ADDR='127.0.0.1:47053'",
      'SVCKIT_REDIS_URL="redis://127.0.0.1:47379"',
      'garbage',
      '',
    ].join('\n'),
  );
  assert.equal(vars.get('SVCKIT_NATS_URL'), 'nats://127.0.0.1:47222');
  assert.equal(vars.get('SVCKIT_DNS_ADDR'), '127.0.0.1:47053');
  assert.equal(vars.get('SVCKIT_REDIS_URL'), 'redis://127.0.0.1:47379');
  assert.equal(vars.size, 3);
});

test('serviceUrl prefers the environment, then the env file of SVCKIT_RUN_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-testing-'));
  try {
    writeFileSync(
      join(dir, 'env'),
      'export SVCKIT_NATS_URL=nats://127.0.0.1:1\nexport SVCKIT_ETCD_BIN=/x/etcd\n',
    );
    const env = isolatedEnv(dir);
    assert.equal(serviceUrl('nats', env), 'nats://127.0.0.1:1');
    assert.equal(serviceUrl('nats', { ...env, SVCKIT_NATS_URL: 'nats://h:2' }), 'nats://h:2');
    assert.equal(serviceUrl('redis', env), undefined);
    assert.equal(binaryPath('etcd', env), '/x/etcd');
    assert.equal(binaryPath('redis', env, { path: '', dirs: [] }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missingServiceAction throws only under CI=true', () => {
  assert.equal(missingServiceAction({ CI: 'true' }), 'throw');
  assert.equal(missingServiceAction({}), 'skip');
  assert.equal(missingServiceAction({ CI: 'false' }), 'skip');
  assert.match(missingServiceMessage('zookeeper'), /SVCKIT_ZOOKEEPER_ADDR/);
  assert.match(missingServiceMessage('zookeeper'), /scripts\/services\.sh up/);
});

// requireService in a real node:test run, in a child process whose environment has no service.
const servicesModule = new URL('./services.js', import.meta.url).href;
const script = `
import { test } from 'node:test';
import { requireService } from ${JSON.stringify(servicesModule)};
test('needs amqp', (t) => {
  const url = requireService(t, 'amqp');
  if (url === undefined) return;
  console.log('GOT ' + url);
});
`;

function runChild(extra: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-testing-'));
  try {
    const file = join(dir, 'child.mjs');
    writeFileSync(file, script);
    const result = spawnSync(process.execPath, [file], {
      cwd: dir,
      env: isolatedEnv(dir, extra),
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('requireService skips loudly outside CI when the service is missing', () => {
  const { status, output } = runChild({});
  assert.equal(status, 0, output);
  assert.match(output, /# SKIP/);
  assert.match(output, /!!! SKIPPED 'needs amqp'/);
  assert.match(output, /SVCKIT_AMQP_URL/);
  assert.doesNotMatch(output, /GOT /);
});

test('requireService fails under CI=true when the service is missing', () => {
  const { status, output } = runChild({ CI: 'true' });
  assert.equal(status, 1, output);
  assert.match(output, /not ok 1 - needs amqp/);
  assert.match(output, /SVCKIT_AMQP_URL is not set/);
  assert.match(output, /scripts\/services\.sh up/);
});

test('requireService returns the URL when the service is there', () => {
  const { status, output } = runChild({ CI: 'true', SVCKIT_AMQP_URL: 'amqp://x:1' });
  assert.equal(status, 0, output);
  assert.match(output, /GOT amqp:\/\/x:1/);
});

test('binaryPath finds an installed binary without any variable: PATH, then sbin dirs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-testing-'));
  try {
    const sbin = join(dir, 'sbin');
    mkdirSync(sbin);
    for (const name of ['nats-server', 'dnsmasq', 'promtool']) {
      writeFileSync(join(sbin, name), '#!/bin/sh\n');
      chmodSync(join(sbin, name), 0o755);
    }
    const env = isolatedEnv(dir, { PATH: '/nonexistent' });
    const options = { path: '/nonexistent', dirs: [sbin] };
    assert.equal(binaryPath('nats', env, options), join(sbin, 'nats-server'));
    assert.equal(binaryPath('dnsmasq', env, options), join(sbin, 'dnsmasq'));
    assert.equal(binaryPath('redis', env, options), undefined);
    // The variable still wins over what is installed.
    const pinned = { ...env, SVCKIT_NATS_BIN: '/pinned/nats-server' };
    assert.equal(binaryPath('nats', pinned, options), '/pinned/nats-server');
    // A tool's service is its binary.
    assert.equal(serviceUrl('promtool', { ...env, PATH: sbin }), join(sbin, 'promtool'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// own-instance.test.js, run as a person would outside `npm test`: no SVCKIT_* variable, no
// .services/env, a PATH without the sbin directories (where Debian puts nats-server and
// dnsmasq), and CI=true so that a binary it cannot find fails it instead of skipping it.
test('own-instance tests find installed binaries by themselves, outside npm test', (t) => {
  for (const name of ['nats', 'redis', 'dnsmasq'] as const) {
    if (requireBinary(t, name) === undefined) return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'svckit-testing-'));
  try {
    const file = new URL('./smoke/own-instance.test.js', import.meta.url);
    const result = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file.pathname], {
      cwd: dir,
      env: isolatedEnv(dir, { CI: 'true', PATH: '/nonexistent' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, output);
    assert.match(output, /^# pass 3$/m, output);
    assert.match(output, /^# skipped 0$/m, output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
