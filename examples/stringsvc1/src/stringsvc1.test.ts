import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { background } from '@svckit/core/context';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { listen } from '@svckit/core/transport/http';
import { makeHandler } from './transport.js';
import { stringService } from './service.js';
import { toUpperGo } from './go-text.js';

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

/** Reply with the headers the wire pins (§1.2): status, Content-Type, Content-Length, body. */
async function exchange(base: string, method: string, path: string, body: string) {
  const res = await fetch(`${base}${path}`, { method, body });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    length: res.headers.get('content-length'),
    body: await res.text(),
  };
}

describe(
  "stringsvc1 answers as Go kit's stringsvc1 (the real one, side by side)",
  { skip: goKitSkip() },
  () => {
    let go: GoKitPeer;
    before(async () => {
      go = await startGoKitPeer('stringsvc', { args: ([port]) => [`-listen=127.0.0.1:${port}`] });
    });
    after(() => go.stop());

    // Each request goes to both servers; the answers must be the same, byte for byte.
    const same: [string, string, string][] = [
      ['POST', '/uppercase', '{"s":"hello, world"}'],
      ['POST', '/uppercase', '{"s":"héllo"}'],
      ['POST', '/uppercase', '{"s":"straße ﬁx ᾳ ǆ σ ω ı ǅ"}'],
      ['POST', '/uppercase', '{"s":"<a>&\u2028"}'],
      ['POST', '/uppercase', '{"s":""}'],
      ['POST', '/uppercase', '{"S":"go"}'],
      ['POST', '/uppercase', '{"s":null}'],
      ['PUT', '/uppercase', '{"s":"x","extra":[1,{"a":2}]}'],
      ['DELETE', '/count', '{"s":"xy"}'],
      ['POST', '/count', '{"s":"héllo"}'],
      ['POST', '/count', '{"s":"😀"}'],
      ['POST', '/count', '{}'],
      ['POST', '/count', 'null'],
      ['POST', '/count?x=1', '{"s":"ab"}'],
      ['POST', '/uppercase/', '{"s":"x"}'],
      ['POST', '/', '{"s":"x"}'],
      ['POST', '/Uppercase', '{"s":"x"}'],
      ['POST', '/count/x', '{"s":"x"}'],
    ];
    it('same status, Content-Type, Content-Length and body for the same request', async () => {
      for (const [method, path, body] of same) {
        assert.deepEqual(
          await exchange(nodeBase, method, path, body),
          await exchange(`http://${go.addrs[0]}`, method, path, body),
          `${method} ${path} ${body}`,
        );
      }
    });

    // Go's json.Decoder reads the first value and ignores what follows (§0); so does
    // stringsvc1's decoder (go-wire.test.ts tries many more bodies).
    it('data after the first JSON value is ignored, as Go does', async () => {
      for (const body of ['{"s":"x"} {"s":"y"}', '{"s":"x"}garbage', '{"s":"a","S":"b","s":"c"}']) {
        const ours = await exchange(nodeBase, 'POST', '/uppercase', body);
        assert.equal(ours.status, 200, body);
        assert.deepEqual(ours, await exchange(`http://${go.addrs[0]}`, 'POST', '/uppercase', body));
      }
    });

    it('undecodable bodies: 500 text/plain and no newline on both (the error texts may differ)', async () => {
      for (const body of ['', '{"s":', 'nope', '{"s":1}', '{"s":["a"]}', '[1]', '"str"', '7']) {
        const ours = await exchange(nodeBase, 'POST', '/uppercase', body);
        const theirs = await exchange(`http://${go.addrs[0]}`, 'POST', '/uppercase', body);
        assert.deepEqual([ours.status, ours.type], [theirs.status, theirs.type], body);
        assert.deepEqual([theirs.status, theirs.type], [500, 'text/plain; charset=utf-8']);
        assert.ok(!ours.body.endsWith('\n') && !theirs.body.endsWith('\n'), body);
      }
    });
  },
);

describe("stringsvc1 and Go kit's HTTP client (the real one)", { skip: goKitSkip() }, () => {
  // stringcli is stringsvc3's proxy client: GET, chunked {"s":"..."}\n, no Content-Type.
  it('uppercase: Unicode, HTML characters and the in-band business error', async () => {
    const addr = new URL(nodeBase).host;
    const run = await runGoKitPeer('stringcli', [`-addr=${addr}`, 'foo', 'héllo, <b>&', 'ǆ σ', '']);
    assert.deepEqual(
      { code: run.code, stderr: run.stderr, stdout: run.stdout },
      {
        code: 0,
        stderr: '',
        stdout:
          'uppercase("foo") = "FOO"\n' +
          'uppercase("héllo, <b>&") = "HÉLLO, <B>&"\n' +
          'uppercase("ǆ σ") = "Ǆ Σ"\n' +
          'uppercase("") error: empty string\n',
      },
    );
  });

  it('count in UTF-8 bytes', async () => {
    const addr = new URL(nodeBase).host;
    const run = await runGoKitPeer('stringcli', [
      `-addr=${addr}`,
      '-method=count',
      'héllo',
      '😀',
      '',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'count("héllo") = 6\ncount("😀") = 4\ncount("") = 0\n');
  });

  it('a 404 page is an error for the Go client', async () => {
    const run = await runGoKitPeer('stringcli', [`-addr=${new URL(nodeBase).host}/nope`, 'x']);
    assert.equal(run.code, 1);
    // The 404 body `404 page not found\n` starts with a JSON number.
    assert.equal(
      run.stderr,
      'error: json: cannot unmarshal number into Go value of type main.uppercaseResponse\n',
    );
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

    it('a bare-path Request.url (HTTP/1.0 without Host) is routed on its whole path', async () => {
      const port = Number(new URL(bunBase).port);
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let out = '';
        socket.setEncoding('latin1');
        socket.on('data', (d: string) => (out += d));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
        socket.write('POST /count HTTP/1.0\r\nContent-Length: 11\r\n\r\n{"s":"bun"}');
      });
      assert.match(reply, /^HTTP\/1\.[01] 200 [^]*\r\n\r\n\{"v":3\}\n$/);
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
