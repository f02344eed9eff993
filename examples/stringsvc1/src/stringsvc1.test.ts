import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { background } from '@svckit/core/context';
import { listen } from '@svckit/core/transport/http';
import { makeHandler } from './transport.js';
import { stringService, toUpperGo } from './service.js';

/** post sends body with method to path and returns status, content type and exact body text. */
async function call(base: string, path: string, body: string, method = 'POST') {
  const res = await fetch(`${base}${path}`, { method, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** The contract, run against the Node face and against Bun's Fetch face. */
function contract(name: string, base: () => string): void {
  describe(`stringsvc1 wire (${name})`, () => {
    it('uppercase: {"s"} -> {"v"} with a trailing newline, text/plain as Go sniffs it', async () => {
      const r = await call(base(), '/uppercase', '{"s":"hello, world"}');
      assert.deepEqual(r, {
        status: 200,
        type: 'text/plain; charset=utf-8',
        body: '{"v":"HELLO, WORLD"}\n',
      });
    });

    it('uppercase is Unicode-aware; count is in UTF-8 bytes', async () => {
      assert.equal((await call(base(), '/uppercase', '{"s":"héllo"}')).body, '{"v":"HÉLLO"}\n');
      assert.equal((await call(base(), '/count', '{"s":"héllo"}')).body, '{"v":6}\n');
      assert.equal((await call(base(), '/count', '{"s":"😀"}')).body, '{"v":4}\n');
    });

    it('the empty string is an in-band business error (200)', async () => {
      const r = await call(base(), '/uppercase', '{"s":""}');
      assert.deepEqual(r, {
        status: 200,
        type: 'text/plain; charset=utf-8',
        body: '{"v":"","err":"empty string"}\n',
      });
      assert.equal((await call(base(), '/count', '{"s":""}')).body, '{"v":0}\n');
    });

    it('keys match case-insensitively, unknown keys are ignored, null and missing give ""', async () => {
      assert.equal((await call(base(), '/uppercase', '{"S":"go"}')).body, '{"v":"GO"}\n');
      assert.equal((await call(base(), '/count', '{"x":1,"s":"abc"}')).body, '{"v":3}\n');
      assert.equal((await call(base(), '/count', '{}')).body, '{"v":0}\n');
      assert.equal((await call(base(), '/count', 'null')).body, '{"v":0}\n');
      assert.equal(
        (await call(base(), '/uppercase', '{"s":null}')).body,
        '{"v":"","err":"empty string"}\n',
      );
    });

    it('HTML characters are escaped as Go does', async () => {
      assert.equal(
        (await call(base(), '/uppercase', '{"s":"<a>&"}')).body,
        '{"v":"\\u003cA\\u003e\\u0026"}\n',
      );
    });

    it('any method is accepted (PUT, DELETE)', async () => {
      assert.equal((await call(base(), '/uppercase', '{"s":"x"}', 'PUT')).body, '{"v":"X"}\n');
      assert.equal((await call(base(), '/count', '{"s":"xy"}', 'DELETE')).body, '{"v":2}\n');
    });

    it('paths are exact: /uppercase/ and / are 404 "404 page not found\\n"; a query is fine', async () => {
      for (const path of ['/uppercase/', '/', '/Uppercase', '/count/x']) {
        const r = await call(base(), path, '{"s":"x"}');
        assert.deepEqual(
          r,
          { status: 404, type: 'text/plain; charset=utf-8', body: '404 page not found\n' },
          path,
        );
      }
      assert.equal((await call(base(), '/count?x=1', '{"s":"ab"}')).body, '{"v":2}\n');
    });

    it('undecodable bodies are 500 text/plain with the error text and no newline (Go kit)', async () => {
      for (const body of ['', '{"s":', 'nope', '{"s":1}', '{"s":["a"]}', '[1]', '"str"', '7']) {
        const r = await call(base(), '/uppercase', body);
        assert.equal(r.status, 500, body);
        assert.equal(r.type, 'text/plain; charset=utf-8', body);
        assert.ok(
          r.body.length > 0 && !r.body.endsWith('\n'),
          `${body}: ${JSON.stringify(r.body)}`,
        );
      }
      assert.equal((await call(base(), '/count', '')).body, 'malformed JSON body: body is empty');
      assert.equal(
        (await call(base(), '/count', '{"s":1}')).body,
        'cannot decode a JSON number into field s of type string',
      );
    });

    it('a body over the 1 MiB limit is refused with 413', async () => {
      const r = await call(base(), '/uppercase', JSON.stringify({ s: 'x'.repeat(1024 * 1024) }));
      assert.equal(r.status, 413);
    });
  });
}

let server: Server;
let nodeBase = '';
before(async () => {
  server = await listen(makeHandler().node);
  nodeBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

contract('Node face', () => nodeBase);

describe('stringsvc1 and a Go client', () => {
  it('GET with a chunked body and no Content-Type, byte for byte as Go writes it', async () => {
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    after(() => socket.destroy());
    const body = '{"s":"foo"}\n';
    socket.write(
      `GET /uppercase HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: Go-http-client/1.1\r\n` +
        `Transfer-Encoding: chunked\r\nAccept-Encoding: gzip\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    const reply = await new Promise<string>((resolve, reject) => {
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => {
        data += d;
        const end = data.indexOf('\r\n\r\n');
        const len = /\r\ncontent-length: (\d+)\r\n/i.exec(data);
        if (end >= 0 && len && data.length >= end + 4 + Number(len[1])) resolve(data);
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`no full reply: ${data}`)), 3000).unref();
    });
    assert.match(reply, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(reply, /\r\ncontent-type: text\/plain; charset=utf-8\r\n/i);
    assert.ok(reply.endsWith('\r\n\r\n{"v":"FOO"}\n'), reply);
  });

  it('GET with a JSON body through node:http (as Go sends it)', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${nodeBase}/count`,
        { method: 'GET', headers: { 'content-length': '14' } },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (data += d));
          res.on('end', () => resolve(data));
        },
      );
      req.on('error', reject);
      req.end('{"s":"go kit"}');
    });
    assert.equal(text, '{"v":6}\n');
  });
});

describe('Go strings.ToUpper semantics', () => {
  it('maps one code point to one, like Go', async () => {
    assert.equal(toUpperGo('straße'), 'STRAßE');
    assert.equal(toUpperGo('ﬁx'), 'ﬁX');
    assert.equal(toUpperGo('ᾳ'), 'ᾼ');
    assert.equal(toUpperGo('ǆ σ ω'), 'Ǆ Σ Ω');
    await assert.rejects(stringService.uppercase(background(), ''), /empty string/);
    assert.equal(stringService.count(background(), '\ud800'), 3);
  });
});

// Bun serving the same handler through Bun.serve and the Fetch face. The binary comes from the
// @oven/bun-linux-x64 devDependency; under CI=true a missing binary fails instead of skipping.
const here = fileURLToPath(new URL('.', import.meta.url));
const bun = fileURLToPath(
  new URL('../../../node_modules/@oven/bun-linux-x64/bin/bun', import.meta.url),
);
describe(
  'stringsvc1 under Bun',
  {
    skip:
      existsSync(bun) || process.env['CI'] === 'true'
        ? false
        : `no Bun binary at ${bun} (run npm ci)`,
  },
  () => {
    let child: ChildProcess | undefined;
    let bunBase = '';
    before(async () => {
      const proc = spawn(bun, [`${here}serve-bun.js`], { stdio: ['ignore', 'pipe', 'inherit'] });
      child = proc;
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        proc.stdout?.setEncoding('utf8');
        proc.stdout?.on('data', (d: string) => {
          out += d;
          const m = /listening (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        proc.once('exit', (code) => reject(new Error(`bun exited with ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`bun did not start: ${out}`)), 10_000).unref();
      });
      bunBase = `http://127.0.0.1:${port}`;
    });
    after(() => {
      child?.kill('SIGKILL');
    });

    it('is really Bun answering', async () => {
      const res = await fetch(`${bunBase}/count`, { method: 'POST', body: '{"s":"bun"}' });
      assert.equal(await res.text(), '{"v":3}\n');
      // Bun adds its own Date and no Node-specific headers; the 200 came from Bun.serve.
      assert.equal(
        res.headers.get('connection') === null || res.headers.get('connection') === 'keep-alive',
        true,
      );
    });

    contract('Bun.serve + Fetch face', () => bunBase);
  },
);
