import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { fileInstancer, fileRegistrar } from './file-registry.fixture.js';
import { registrarConformance, startRegistrarProcess } from './index.js';

const child = fileURLToPath(new URL('./file-registry-child.fixture.js', import.meta.url));
const ttlMs = 600;

// The suite itself, run on a registry of files (see file-registry.fixture.ts).
registrarConformance(
  'file registry',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'svckit-registry-'));
    return {
      registrar: (instance) => fileRegistrar(dir, instance, 100),
      instancer: () => fileInstancer(dir, ttlMs),
      spawn: (instance) => startRegistrarProcess(child, [dir, instance, '100']),
      ttlMs,
      close: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { slackMs: 500 },
);

test('startRegistrarProcess rejects when the process exits before it registers', async () => {
  await assert.rejects(
    startRegistrarProcess(child, []), // no arguments: the fixture throws
    /registrar process exited/,
  );
});

test('startRegistrarProcess rejects, killing the process, when it does not register in time', async () => {
  await assert.rejects(
    startRegistrarProcess('-e', ['setInterval(() => {}, 1000)'], { timeoutMs: 300 }),
    /did not register in time/,
  );
});
