// stringsvc1 against Go kit's real stringsvc (packages/testing/gokit) on adversarial bodies:
// Go's encoding/json (duplicate keys, trailing data, invalid UTF-8, escapes, depth) and Go's
// strings.ToUpper on every code point, through the Node face and through Bun's Fetch face.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { goKitSkip, startGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { listen } from '@svckit/core/transport/http';
import { makeHandler } from './transport.js';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))),
  );

/** The request bodies both must answer alike (`\x..` arrays are raw, possibly invalid, bytes). */
const bodies: [string, Buffer][] = [
  ['last match wins', bytes('{"s":"a","S":"b","s":"c"}')],
  ['last match wins (S last)', bytes('{"s":"a","S":"b"}')],
  ['long s folds to s', bytes('{"s":"a","\u017f":"b"}')],
  ['Kelvin sign does not fold to s', bytes('{"s":"a","\u212a":"b"}')],
  ['escaped key', bytes('{"\\u0073":"esc"}')],
  ['null keeps the earlier value', bytes('{"s":"a","s":null}')],
  ['key with a space', bytes('{"s ":"a"}')],
  ['type error after a good value', bytes('{"s":"a","S":1}')],
  ['type error before a good value', bytes('{"s":[1],"s":"b"}')],
  ['trailing garbage', bytes('{"s":"x"}garbage')],
  ['a second value', bytes('{"s":"one"} {"s":"two"}')],
  ['a stray brace', bytes('{"s":"x"}}')],
  ['trailing NUL', bytes('{"s":"x"}', [0])],
  ['whitespace around', bytes(' \t\r\n{"s":"x"} \n')],
  ['null then garbage', bytes('nullx')],
  ['null, space, garbage', bytes('null x')],
  ['truncated null', bytes('nul')],
  ['truncated object', bytes('{"s":"x"')],
  ['truncated string', bytes('{"s":"x')],
  ['number then garbage', bytes('7x')],
  ['string at the top', bytes('"s"')],
  ['BOM', bytes([0xef, 0xbb, 0xbf], '{"s":"x"}')],
  ['truncated 3-byte sequence', bytes('{"s":"', [0xe2, 0x82], 'A"}')],
  ['invalid byte 0xff', bytes('{"s":"a', [0xff], 'b"}')],
  ['UTF-8 encoded surrogate', bytes('{"s":"', [0xed, 0xa0, 0x80], '"}')],
  ['beyond U+10FFFF', bytes('{"s":"', [0xf4, 0x90, 0x80, 0x80], '"}')],
  ['overlong slash', bytes('{"s":"', [0xc0, 0xaf], '"}')],
  ['truncated 4-byte sequence at the quote', bytes('{"s":"', [0xf0, 0x9f, 0x98], '"}')],
  ['lone high surrogate escape', bytes('{"s":"\\ud800"}')],
  ['lone low surrogate escape', bytes('{"s":"\\udc00x"}')],
  ['high, then a pair', bytes('{"s":"\\ud800\\ud83d\\ude00"}')],
  ['pair', bytes('{"s":"\\ud83d\\ude00\\u00e9"}')],
  ['escapes', bytes('{"s":"\\/\\b\\f\\n\\r\\t\\"\\\\"}')],
  ['bad escape', bytes('{"s":"\\x"}')],
  ['bad \\u', bytes('{"s":"\\u12g4"}')],
  ['raw control character', bytes('{"s":"a', [1], '"}')],
  ['DEL is fine', bytes('{"s":"a', [0x7f], '"}')],
  ['unknown values are checked', bytes('{"x":[1,{"a":tru}],"s":"y"}')],
  ['unknown values of every kind', bytes('{"x":[1,-0.5e+3,"q",true,false,null,{},[]],"s":"y"}')],
  ['leading zero', bytes('{"x":01,"s":"y"}')],
  ['trailing comma', bytes('{"s":"y",}')],
  ['depth 10000', bytes('{"x":', '['.repeat(9999), ']'.repeat(9999), ',"s":"deep"}')],
  ['depth 10001', bytes('{"x":', '['.repeat(10000), ']'.repeat(10000), ',"s":"deep"}')],
  ['sigma, iota subscript, final forms', bytes('{"s":"ς σ ᾳ ᾀ ῼ ͅ ß ŉ ǰ ǅ ǆ ı ſ ꭰ ა ﬀ"}')],
];

/** Every code point but the surrogates, in JSON strings of 40 000 code points. */
function everyCodePoint(): Buffer[] {
  const out: Buffer[] = [];
  let chunk: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    chunk.push(String.fromCodePoint(cp));
    if (chunk.length === 40_000 || cp === 0x10ffff) {
      out.push(Buffer.from(JSON.stringify({ s: chunk.join('') }), 'utf8'));
      chunk = [];
    }
  }
  return out;
}

async function answer(base: string, path: string, body: Buffer) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: new Uint8Array(body) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** same asserts that ours answers body as Go does: byte for byte, or (errors) status and type. */
async function same(ours: string, go: string, path: string, body: Buffer, what: string) {
  const [a, b] = await Promise.all([answer(ours, path, body), answer(go, path, body)]);
  assert.deepEqual(
    [a.status, a.type],
    [b.status, b.type],
    `${path} ${what}: ${a.body.slice(0, 200)} / ${b.body.slice(0, 200)}`,
  );
  if (b.status === 200) {
    let at = 0;
    while (at < a.body.length && a.body[at] === b.body[at]) at++;
    assert.ok(
      a.body === b.body,
      `${path} ${what}: differs at ${at}: ours ${JSON.stringify(a.body.slice(at - 10, at + 30))}, Go ${JSON.stringify(b.body.slice(at - 10, at + 30))}`,
    );
  } else assert.ok(!a.body.endsWith('\n'), `${what}: Go kit's error text has no newline`);
}

/**
 * mutants derives n bodies from the corpus by seeded random edits (insert an interesting byte,
 * delete, duplicate a slice), so that the same bodies are tried on every run.
 */
function mutants(n: number, seed: number): Buffer[] {
  let state = seed >>> 0;
  const rand = (k: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % k;
  };
  const interesting = [
    ...Buffer.from('{}[]",:\\nultrfa0123456789-+.eE sSuU/bt'),
    0x00,
    0x1f,
    0x7f,
    0x80,
    0xbf,
    0xc0,
    0xc3,
    0xe2,
    0xed,
    0xef,
    0xf0,
    0xf4,
    0xff,
  ];
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    let b = Buffer.from((bodies[rand(bodies.length)] as [string, Buffer])[1].subarray(0, 600));
    for (let edits = 1 + rand(3); edits > 0; edits--) {
      const at = rand(b.length + 1);
      const op = rand(3);
      if (op === 0)
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from([interesting[rand(interesting.length)] as number]),
          b.subarray(at),
        ]);
      else if (op === 1) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
      else b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + 1 + rand(8)), b.subarray(at)]);
    }
    out.push(b);
  }
  return out;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const bun = fileURLToPath(
  new URL('../../../node_modules/@oven/bun-linux-x64/bin/bun', import.meta.url),
);
const noBun =
  existsSync(bun) || process.env['CI'] === 'true' ? false : `no Bun binary at ${bun} (run npm ci)`;

describe(
  "stringsvc1 decodes and upper-cases as Go kit's stringsvc (real peer)",
  { skip: goKitSkip() },
  () => {
    let go: GoKitPeer;
    let server: Server;
    let child: ChildProcess | undefined;
    let goBase = '';
    let nodeBase = '';
    let bunBase = '';
    before(async () => {
      go = await startGoKitPeer('stringsvc', { args: ([port]) => [`-listen=127.0.0.1:${port}`] });
      goBase = `http://${go.addrs[0]}`;
      server = await listen(makeHandler().node);
      nodeBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (noBun === false) {
        const proc = (child = spawn(bun, [`${here}serve-bun.js`], {
          stdio: ['ignore', 'pipe', 'inherit'],
        }));
        bunBase = await new Promise<string>((resolve, reject) => {
          let out = '';
          proc.stdout?.setEncoding('utf8');
          proc.stdout?.on('data', (d: string) => {
            out += d;
            const m = /listening (\d+)/.exec(out);
            if (m) resolve(`http://127.0.0.1:${m[1]}`);
          });
          setTimeout(() => reject(new Error(`bun did not start: ${out}`)), 10_000).unref();
        });
      }
    });
    after(async () => {
      child?.kill('SIGKILL');
      server.closeAllConnections();
      server.close();
      await go.stop();
    });

    it('the upper-case table is the one the Go on this machine generates', () => {
      // The Go that built the peers (scripts/gokit.sh: SVCKIT_GO or go on PATH, offline).
      const gen = spawnSync(process.env['SVCKIT_GO'] ?? 'go', ['run', 'gen/upper.go'], {
        cwd: `${here}..`,
        encoding: 'utf8',
        env: {
          ...process.env,
          GO111MODULE: 'off',
          GOFLAGS: '',
          GOPROXY: 'off',
          GOTOOLCHAIN: 'local',
          CGO_ENABLED: '0',
          GOCACHE: `${here}../../../.cache/gokit/go-build`,
        },
      });
      assert.equal(gen.status, 0, gen.stderr);
      const committed = readFileSync(`${here}../src/go-upper.ts`, 'utf8');
      assert.ok(
        gen.stdout === committed,
        `src/go-upper.ts was generated by another Go (${committed.split('\n')[0]}; this one: ` +
          `${gen.stdout.split('\n')[0]}): run \`go run gen/upper.go > src/go-upper.ts\` in examples/stringsvc1`,
      );
    });

    for (const [face, base] of [
      ['Node face', () => nodeBase],
      ['Bun Fetch face', () => bunBase],
    ] as const) {
      it(
        `${face}: the same answer for every adversarial body`,
        { skip: face === 'Bun Fetch face' && noBun },
        async () => {
          for (const [what, body] of bodies) {
            await same(base(), goBase, '/uppercase', body, what);
            await same(base(), goBase, '/count', body, what);
          }
        },
      );

      it(
        `${face}: the same answer for 1500 seeded mutations of those bodies`,
        { skip: face === 'Bun Fetch face' && noBun },
        async () => {
          const all = mutants(1500, 12);
          for (let i = 0; i < all.length; i += 10)
            await Promise.all(
              all
                .slice(i, i + 10)
                .map((body, k) =>
                  same(
                    base(),
                    goBase,
                    k % 2 ? '/count' : '/uppercase',
                    body,
                    `mutant ${i + k}: ${JSON.stringify(body.toString('latin1'))}`,
                  ),
                ),
            );
        },
      );

      it(
        `${face}: Go's upper case of every code point`,
        { skip: face === 'Bun Fetch face' && noBun },
        async () => {
          for (const body of everyCodePoint())
            await same(base(), goBase, '/uppercase', body, 'code points');
        },
      );
    }
  },
);
