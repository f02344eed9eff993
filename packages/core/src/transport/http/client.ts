import type { Endpoint } from '../../endpoint/index.js';
import { checkedTarget, clientEndpoint, responseLimit } from './client-flow.js';
import type { RoundTripper } from './client-flow.js';
import type { ResponseState } from './client-node-response.js';
import type { nodeRoundTripper } from './client-node.js';
import type { NodeClientOptions } from './client-options.js';
import type { EncodeRequestFunc } from './client-request.js';
import type { DecodeResponseFunc } from './client-response.js';

/** nodeIO loads the node:http half once, on the first call of any client. */
let nodeIO: Promise<{ nodeRoundTripper: typeof nodeRoundTripper }> | undefined;

/**
 * createClient returns an {@link Endpoint} that calls a remote HTTP service over `node:http`
 * (Go kit's `NewClient`); {@link createFetchClient} is the same over `fetch` for Bun, Deno
 * and edge runtimes. Per call: `encodeRequest` fills a fresh {@link ClientRequest} (method
 * and URL start as given here), the `before` functions run, the request is sent over a
 * keep-alive connection, the `after` functions run, and `decodeResponse` turns the response,
 * whatever its status, into the result. Unless `bufferedStream` is set, the body is then
 * finished: drained when it has arrived whole (the connection is reused), else destroyed with
 * its connection, so a finished call never waits on a slow body. At most
 * {@link maxInterimResponses} 1xx responses are accepted before the final one. The
 * finalizers run last.
 *
 * The context's signal cancels the request at any stage (connecting, waiting, reading the
 * body); the call then rejects with the context's reason, e.g. a `DeadlineExceededError` at
 * the deadline. A context with a deadline sends its remaining time as `Connect-Timeout-Ms`
 * (svckit's deadline convention; `propagateDeadline: false` turns it off for third-party
 * APIs), and one already past its deadline fails with `DeadlineExceededError` unsent.
 * A request that cannot be sent rejects with a {@link RequestError} naming the URL.
 * `node:http` is loaded on the first call, so importing this module loads no `node:` module.
 *
 * @example
 * const sum = createClient<SumRequest, SumResponse>('POST', 'http://127.0.0.1:8081/sum',
 *   encodeJSONRequest, decodeJSONResponse);
 * const [ctx, cancel] = withTimeout(background(), 1000);
 * try { console.log(await sum(ctx, { a: 1, b: 2 })); } finally { cancel(); }
 */
export function createClient<Req, Res>(
  method: string,
  url: string | URL,
  encodeRequest: EncodeRequestFunc<Req>,
  decodeResponse: DecodeResponseFunc<Res>,
  options: NodeClientOptions = {},
): Endpoint<Req, Res> {
  const target = checkedTarget('createClient', url);
  const limit = responseLimit('createClient', options);
  const secure = target.protocol === 'https:';
  const agent = options.agent;
  let rt: RoundTripper<ResponseState> | undefined;
  const lazy: RoundTripper<ResponseState> = {
    send(signal, req) {
      if (rt !== undefined) return rt.send(signal, req);
      return (nodeIO ??= import('./client-node.js')).then((io) => {
        rt ??= io.nodeRoundTripper(secure, agent, limit);
        return rt.send(signal, req);
      });
    },
    // Only ever called with a response, so after send, so with rt set.
    finish: (res) => (rt as RoundTripper<ResponseState>).finish(res),
    size: (res) => (rt as RoundTripper<ResponseState>).size(res),
  };
  return clientEndpoint(
    'createClient',
    method,
    target,
    encodeRequest,
    decodeResponse,
    options,
    lazy,
  );
}
