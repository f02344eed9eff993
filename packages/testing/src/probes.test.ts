import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { test } from 'node:test';
import { freePort } from './free-port.js';
import { dnsProbe, exchangeProbe, httpProbe, tcpProbe } from './probes.js';
import { serverContext } from './server-run.js';
import { requireService } from './services.js';

const at = (port: number) => serverContext('probe', '/run', { main: port }, {});
const portOf = (server: Server): number => (server.address() as AddressInfo).port;

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return portOf(server);
}

test('tcpProbe and exchangeProbe: yes once the server answers as expected, no otherwise', async () => {
  const closed = await freePort();
  assert.equal(await tcpProbe('main', 300)(at(closed)), false);
  assert.equal(await exchangeProbe('main', 'PING\r\n', /^\+PONG/)(at(closed)), false);
  const server = createServer((socket) => {
    socket.once('data', (data) =>
      socket.end(data.toString() === 'PING\r\n' ? '+PONG\r\n' : '-ERR\r\n'),
    );
  });
  const port = await listening(server);
  try {
    assert.equal(await tcpProbe('main')(at(port)), true);
    assert.equal(await exchangeProbe('main', 'PING\r\n', /^\+PONG\r\n/)(at(port)), true);
    assert.equal(await exchangeProbe('main', 'HELLO\r\n', /^\+PONG/)(at(port)), false);
    // A binary answer is matched byte for byte (latin1).
    assert.equal(await exchangeProbe('main', Buffer.from([0x41, 0, 9]), /^-ERR/)(at(port)), true);
  } finally {
    server.close();
  }
});

test('exchangeProbe gives up on a server that accepts and never answers', async () => {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  const port = await listening(server);
  try {
    const started = Date.now();
    assert.equal(await exchangeProbe('main', undefined, /INFO/, 300)(at(port)), false);
    assert.ok(Date.now() - started >= 250, 'it waited for its timeout');
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});

test('httpProbe wants 200 and a matching body', async () => {
  let health = '{"health":"false"}';
  const server = createHttpServer((req, res) => {
    if (req.url === '/health') res.end(health);
    else res.writeHead(404).end();
  });
  const port = await listening(server);
  try {
    assert.equal(await httpProbe('main', '/health', /"health":"true"/)(at(port)), false);
    health = '{"health":"true"}';
    assert.equal(await httpProbe('main', '/health', /"health":"true"/)(at(port)), true);
    assert.equal(await httpProbe('main', '/nope', /.*/)(at(port)), false);
  } finally {
    server.close();
  }
  assert.equal(await httpProbe('main', '/health', /.*/)(at(port)), false);
});

test('dnsProbe resolves a record on the shared dnsmasq, and not on a closed port', async (t) => {
  assert.equal(
    await dnsProbe('main', 'svc.svckit.test', '127.0.0.1', 300)(at(await freePort({ udp: true }))),
    false,
  );
  const addr = requireService(t, 'dns');
  if (addr === undefined) return;
  const port = Number(addr.split(':')[1]);
  assert.equal(await dnsProbe('main', 'svc.svckit.test', '127.0.0.1')(at(port)), true);
  assert.equal(await dnsProbe('main', 'svc.svckit.test', '10.9.9.9')(at(port)), false);
});
