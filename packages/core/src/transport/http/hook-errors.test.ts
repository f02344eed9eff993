// What a server does with errors its own hooks throw, on both faces: a throwing error encoder
// and a throwing finalizer reach the error handler (to be logged or counted), and the client
// still gets an answer. The kernel's tests pin the same flow without HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, decodeJSONRequest, encodeJSONResponse } from './index.js';
import type { Server, ServerOptions } from './index.js';
import { serve } from './serve.test.helper.js';

const faces: Array<[string, (server: Server) => Promise<Response>]> = [
  [
    'node face over HTTP',
    async (server) => fetch(await serve(server), { method: 'POST', body: '{}' }),
  ],
  [
    'fetch face',
    (server) => server.fetch(new Request('http://svc.test/', { method: 'POST', body: '{}' })),
  ],
];

/** server answers {ok: true}, or fails with 'endpoint failed'; seen collects handled errors. */
function server(fails: boolean, options: ServerOptions): Server {
  return createServer(
    async () => {
      if (fails) throw new Error('endpoint failed');
      return { ok: true };
    },
    decodeJSONRequest(),
    encodeJSONResponse,
    options,
  );
}

for (const [face, call] of faces) {
  describe(`errors of a server's own hooks (${face})`, () => {
    it('an error encoder that throws: the handler sees its error, the client a bare 500', async () => {
      const seen: string[] = [];
      const res = await call(
        server(true, {
          errorHandler: (_ctx, err) => void seen.push((err as Error).message),
          errorEncoder: () => {
            throw new Error('encoder broke');
          },
        }),
      );
      assert.equal(res.status, 500);
      assert.equal(await res.text(), 'internal server error');
      assert.deepEqual(seen, ['endpoint failed', 'encoder broke']);
    });

    it('a finalizer that throws: the handler sees its error, the response is unchanged', async () => {
      for (const fails of [false, true]) {
        const seen: string[] = [];
        const ran: string[] = [];
        let finalized!: () => void;
        const done = new Promise<void>((r) => (finalized = r));
        const res = await call(
          server(fails, {
            errorHandler: (_ctx, err) => void seen.push((err as Error).message),
            finalizer: [
              () => {
                ran.push('first');
                throw new Error('finalizer broke');
              },
              () => {
                ran.push('second');
                finalized();
              },
            ],
          }),
        );
        assert.equal(res.status, fails ? 500 : 200);
        assert.equal(await res.text(), fails ? 'endpoint failed' : '{"ok":true}\n');
        await done; // the node face finalizes once the response is out
        assert.deepEqual(ran, ['first', 'second']);
        assert.deepEqual(
          seen,
          fails ? ['endpoint failed', 'finalizer broke'] : ['finalizer broke'],
        );
      }
    });
  });
}
