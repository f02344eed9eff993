// The debug listener: Prometheus /metrics (checked by promtool), /healthz and /readyz, Go's
// 404 elsewhere; the same handler through the Fetch face.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Registry } from '@svckit/prometheus';
import { checkMetrics, promtoolPath } from '@svckit/testing';
import { newDebugHandler } from './debug.js';
import type { Readiness } from './debug.js';
import { post, startAddsvc } from './addsvc.test.helper.js';
import type { Running } from './addsvc.test.helper.js';

describe('the debug listener', () => {
  let run: Running;
  before(async () => {
    run = await startAddsvc(['-ratelimit=false']);
    await post(run.http, '/sum', '{"a":1,"b":2}');
    await post(run.http, '/concat', '{"a":"é","b":"x"}');
  });
  after(() => run.stop());

  it("serves Go kit's metrics on /metrics", async () => {
    const res = await fetch(`http://${run.debug}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^example_addsvc_integers_summed 3$/m);
    assert.match(text, /^example_addsvc_characters_concatenated 3$/m);
    assert.match(
      text,
      /^example_addsvc_request_duration_seconds_count\{method="Sum",success="true"\} 1$/m,
    );
    assert.match(text, /^# TYPE example_addsvc_request_duration_seconds summary$/m);
  });

  it("passes promtool except for Go kit's counter names without _total", async (t) => {
    const bin = promtoolPath(t);
    if (bin === undefined) return;
    const text = await (await fetch(`http://${run.debug}/metrics`)).text();
    const { output } = await checkMetrics(bin, text);
    const complaints = output.split('\n').filter((l) => l.trim() !== '');
    const allowed = [
      'example_addsvc_integers_summed counter metrics should have "_total" suffix',
      'example_addsvc_characters_concatenated counter metrics should have "_total" suffix',
    ];
    assert.ok(complaints.length > 0, 'promtool ran and saw the legacy names');
    for (const c of complaints)
      assert.ok(allowed.includes(c), `unexpected promtool complaint: ${c}`);
  });

  it('answers /healthz and /readyz for any method, 404 elsewhere', async () => {
    const health = await post(run.debug, '/healthz', '', 'GET');
    assert.deepEqual([health.status, health.body], [200, 'ok\n']);
    const ready = await post(run.debug, '/readyz', '', 'DELETE');
    assert.equal(ready.status, 200);
    const missing = await post(run.debug, '/sum', '{"a":1,"b":2}');
    assert.deepEqual([missing.status, missing.body], [404, '404 page not found\n']);
  });

  it('reports starting, ready and stopping through both faces', async () => {
    let state: Readiness = 'starting';
    const handler = newDebugHandler(new Registry(), () => state);
    const ask = async () => {
      const res = await handler.fetch(new Request('http://x/readyz'));
      return [res.status, await res.text()];
    };
    assert.deepEqual(await ask(), [503, 'starting\n']);
    state = 'ready';
    assert.deepEqual(await ask(), [200, 'ready\n']);
    state = 'stopping';
    assert.deepEqual(await ask(), [503, 'stopping\n']);
  });
});
