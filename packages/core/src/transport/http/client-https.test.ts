import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { background } from '../../context/index.js';
import { createClient, RequestError, shutdown } from './index.js';
import type { ClientResponse } from './index.js';

// A self-signed P-256 certificate for 127.0.0.1, valid for 100 years, made for this test only
// (openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 36500
// -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1).
const key = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgccab5qNJuJ3POd//
YV6EloEJQscuZGIXzc4/8gMjT+6hRANCAATwpAo1Nma5H1V+HLq3/7bcux4P7KoC
+DEDdVBxtsbuain4IDfzskrUwmZ6cExf1o8VbM602xvD8xl1oPvaVCBn
-----END PRIVATE KEY-----`;
const cert = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUevNRkFO18WmLekOXSmCOrCuyITowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNTE1MzkwMVoYDzIxMjYxMTAx
MTUzOTAxWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATwpAo1Nma5H1V+HLq3/7bcux4P7KoC+DEDdVBxtsbuain4IDfzskrU
wmZ6cExf1o8VbM602xvD8xl1oPvaVCBno2QwYjAdBgNVHQ4EFgQUAXf+Ef415iFB
YRs/t6JhT62xh6kwHwYDVR0jBBgwFoAUAXf+Ef415iFBYRs/t6JhT62xh6kwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQDtrD5OjV3pAnrIUBQPIrI82CQ8OMOOuhdRYK6KrcddwQIgMeuFCw+mhevAogbf
r2Tpq2OFsuCwi56uzPvkOZ0OvYQ=
-----END CERTIFICATE-----`;

const textDecode = (_ctx: unknown, res: ClientResponse) => res.text();

describe('HTTP client over https', () => {
  it('uses an https keep-alive agent for https URLs and shuts the server down', async (t) => {
    const server = createServer({ key, cert }, (req, res) => res.end(`secure ${req.url}`));
    let connections = 0;
    server.on('secureConnection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => {
      server.closeAllConnections();
      server.close();
    });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hello`;

    // The default agent verifies certificates: a self-signed one is refused.
    const strict = createClient('GET', url, () => {}, textDecode);
    await assert.rejects(strict(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RequestError, String(err));
      assert.equal(err.reason, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.equal(err.code, 'unavailable');
      return true;
    });

    const agent = new Agent({ keepAlive: true, ca: cert });
    t.after(() => agent.destroy());
    const trusting = createClient('GET', url, () => {}, textDecode, { agent });
    const before = connections;
    for (let i = 0; i < 3; i++)
      assert.equal(await trusting(background(), undefined), 'secure /hello');
    assert.equal(connections - before, 1, 'one TLS connection reused for three calls');

    const report = await shutdown(server, { timeout: 10_000 });
    assert.equal(report.graceful, true);
    // Idle keep-alive connections close at once; waiting for them would take the 10 s bound.
    assert.ok(report.elapsed < 5000, `elapsed ${report.elapsed}`);
  });
});
