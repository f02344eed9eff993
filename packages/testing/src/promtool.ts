import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { requireBinary } from './services.js';

/** PromtoolResult is what `promtool check metrics` said about an exposition text. */
export interface PromtoolResult {
  /** code is promtool's exit code (0: no parse error and no lint problem). */
  readonly code: number | null;
  /** output is everything promtool printed, stdout and stderr together. */
  readonly output: string;
}

/**
 * promtoolPath finds promtool: `SVCKIT_PROMTOOL_BIN` or `.services/env`, else where it is
 * installed (Debian: /usr/bin/promtool), else the test fails under CI=true or is skipped loudly
 * (then undefined).
 */
export function promtoolPath(t: TestContext): string | undefined {
  return requireBinary(t, 'promtool');
}

/** checkMetrics pipes an exposition text through `promtool check metrics` at bin. */
export function checkMetrics(bin: string, text: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}
