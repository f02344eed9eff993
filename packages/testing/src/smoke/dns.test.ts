import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { test } from 'node:test';
import { requireService } from '../services.js';

test('smoke: dnsmasq answers SRV and A lookups for svckit.test', async (t) => {
  const addr = requireService(t, 'dns');
  if (addr === undefined) return;
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([addr]);
  const srv = await resolver.resolveSrv('_svc._tcp.svckit.test');
  assert.deepEqual(srv, [{ name: 'svc.svckit.test', port: 8080, priority: 0, weight: 0 }]);
  const api = await resolver.resolveSrv('_api._tcp.svckit.test');
  assert.deepEqual(api.map((r) => r.port).sort(), [8081, 8082]);
  assert.deepEqual(await resolver.resolve4('svc.svckit.test'), ['127.0.0.1']);
});
