import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { checkMetrics } from '../promtool.js';
import { requireService } from '../services.js';

function run(
  bin: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

const VALID = `# HELP svckit_requests_total Requests served.
# TYPE svckit_requests_total counter
svckit_requests_total{method="sum",code="ok"} 3
# HELP svckit_request_duration_seconds Request duration.
# TYPE svckit_request_duration_seconds histogram
svckit_request_duration_seconds_bucket{le="0.1"} 2
svckit_request_duration_seconds_bucket{le="+Inf"} 3
svckit_request_duration_seconds_sum 0.5
svckit_request_duration_seconds_count 3
`;

test('smoke: promtool accepts valid exposition text and rejects broken text', async (t) => {
  const promtool = requireService(t, 'promtool');
  if (promtool === undefined) return;
  const ok = await checkMetrics(promtool, VALID);
  assert.equal(ok.code, 0, ok.output);
  assert.equal(ok.output.trim(), '', 'no lint problem');
  const bad = await checkMetrics(promtool, 'svckit_requests_total{ 3\n');
  assert.notEqual(bad.code, 0, bad.output);
});

test('smoke: the prometheus binary runs', async (t) => {
  const prometheus = requireService(t, 'prometheus');
  if (prometheus === undefined) return;
  const { code, out } = await run(prometheus, ['--version'], '');
  assert.equal(code, 0, out);
  assert.match(out, /prometheus, version/);
});
