import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MalformedBodyError,
  createJSONCodec,
  createServer,
  decodeRequest,
  encodeResponse,
  jsonCodec,
  nopRequestDecoder,
  setContentType,
  setResponseHeader,
} from './index.js';
import type { Codec } from './index.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('JSON codec', () => {
  it('encodes like Go json.Encoder: HTML-safe escapes and a trailing newline', () => {
    assert.equal(
      jsonCodec.encode({ v: '<a>&\u2028é' }),
      '{"v":"\\u003ca\\u003e\\u0026\\u2028é"}\n',
    );
    assert.equal(jsonCodec.encode(undefined), 'null\n');
    const plain = createJSONCodec({ escapeHTML: false, newline: false, contentType: 'text/json' });
    assert.equal(plain.encode({ v: '<a>' }), '{"v":"<a>"}');
    assert.equal(plain.contentType, 'text/json');
  });

  it('decodes UTF-8 from Buffers and plain Uint8Arrays', () => {
    assert.deepEqual(jsonCodec.decode(Buffer.from('{"s":"héllo"}')), { s: 'héllo' });
    assert.deepEqual(jsonCodec.decode(bytes(' {"s":"héllo"}\n')), { s: 'héllo' });
  });

  it('rejects malformed or empty input with a 400 MalformedBodyError', () => {
    for (const input of ['', '   ', '{', '{"a":1}x', 'undefined']) {
      assert.throws(
        () => jsonCodec.decode(bytes(input)),
        (err: unknown) =>
          err instanceof MalformedBodyError &&
          err.statusCode() === 400 &&
          err.message.startsWith('malformed JSON body: '),
        JSON.stringify(input),
      );
    }
  });
});

describe('a codec plugs into the server helpers', () => {
  it('a text/csv codec decodes and encodes through decodeRequest/encodeResponse', async () => {
    const csv: Codec = {
      contentType: 'text/csv',
      decode: (body) => new TextDecoder().decode(body).trim().split(','),
      encode: (value) => (value as string[]).join(',') + '\n',
    };
    const server = createServer(
      async (_ctx, fields: string[]) => fields.reverse(),
      decodeRequest(csv, (v) => v as string[]),
      encodeResponse(csv),
    );
    const res = await server.fetch(new Request('http://x/', { method: 'POST', body: 'a,b,c' }));
    assert.equal(res.headers.get('content-type'), 'text/csv');
    assert.equal(await res.text(), 'c,b,a\n');
  });
});

describe('Go kit helpers', () => {
  it('setContentType/setResponseHeader set headers after the endpoint; nopRequestDecoder reads nothing', async () => {
    let seen: unknown = 'unset';
    const server = createServer(
      async (_ctx, req: undefined) => {
        seen = req;
        return 'ok';
      },
      nopRequestDecoder,
      (_ctx, w, res) => w.end(res),
      { after: [setContentType('text/x-ok'), setResponseHeader('X-Kit', 'yes')] },
    );
    const res = await server.fetch(new Request('http://x/', { method: 'POST', body: 'ignored' }));
    assert.equal(seen, undefined);
    assert.equal(res.headers.get('content-type'), 'text/x-ok');
    assert.equal(res.headers.get('x-kit'), 'yes');
    assert.equal(await res.text(), 'ok');
  });
});
