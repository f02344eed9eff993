import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SEARCH_DIRS, fileEnvVar, findFile } from './find-file.js';

const root = mkdtempSync(join(tmpdir(), 'svckit-find-'));
after(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, mode = 0o755): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, '#!/bin/sh\n');
  chmodSync(full, mode);
  return full;
}

test('findFile looks on PATH first, then in the search dirs (sbin)', () => {
  const onPath = file('path/nats-server');
  const inSbin = file('sbin/nats-server');
  const only = file('sbin/dnsmasq');
  const options = { path: join(root, 'path'), dirs: [join(root, 'sbin')] };
  assert.equal(findFile({ names: ['nats-server'] }, options), onPath);
  assert.equal(findFile({ names: ['dnsmasq'] }, options), only);
  assert.equal(findFile({ names: ['nats-server'] }, { ...options, path: '' }), inSbin);
  assert.equal(findFile({ names: ['redis-server'] }, options), undefined);
});

test('findFile skips a file that is not executable unless told it need not be', () => {
  const jar = file('java/zookeeper.jar', 0o644);
  const none = { path: '', dirs: [] };
  assert.equal(findFile({ paths: [jar] }, none), undefined);
  assert.equal(findFile({ paths: [jar], executable: false }, none), jar);
  assert.equal(findFile({ names: ['zookeeper.jar'] }, { path: join(root, 'java') }), undefined);
});

test('findFile expands a * segment and takes the newest match', () => {
  file('erlang/erts-12.3/bin/epmd');
  const newest = file('erlang/erts-13.1/bin/epmd');
  file('erlang/other-99/bin/epmd');
  const pattern = join(root, 'erlang', 'erts-*', 'bin', 'epmd');
  assert.equal(findFile({ paths: [pattern] }, { path: '', dirs: [] }), newest);
  assert.equal(findFile({ paths: [join(root, 'nope-*', 'x')] }, { path: '', dirs: [] }), undefined);
});

test('the search dirs hold Debian sbin directories; variables are named after the key', () => {
  assert.ok(SEARCH_DIRS.includes('/usr/sbin'));
  assert.ok(SEARCH_DIRS.includes('/usr/local/bin'));
  assert.equal(fileEnvVar('rabbitmq-server', {}), 'SVCKIT_RABBITMQ_SERVER_BIN');
  assert.equal(
    fileEnvVar('zookeeper-jar', { env: 'SVCKIT_ZOOKEEPER_JAR' }),
    'SVCKIT_ZOOKEEPER_JAR',
  );
});
