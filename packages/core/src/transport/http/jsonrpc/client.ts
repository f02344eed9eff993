import type { Context } from '../../../context/index.js';
import type { Endpoint } from '../../../endpoint/index.js';
import { autoIncrement, createExchange, malformed, settle, stringifyOf } from './exchange.js';
import type { HttpOptions } from './exchange.js';
import type { Id, Params } from './request.js';

/**
 * EncodeParamsFunc turns the endpoint's request into the params sent (Go kit's
 * `jsonrpc.EncodeRequestFunc`): an array (by position), an object (by name), or undefined for
 * none.
 */
export type EncodeParamsFunc<Req> = (
  ctx: Context,
  request: Req,
) => Params | undefined | Promise<Params | undefined>;

/**
 * DecodeResultFunc turns a successful response's `result` into the endpoint's response (Go
 * kit's `jsonrpc.DecodeResponseFunc`; error responses never reach it, they reject the call).
 */
export type DecodeResultFunc<Res> = (ctx: Context, result: unknown) => Res | Promise<Res>;

/** ClientOptions tune a JSON-RPC {@link createClient}; all optional. */
export interface ClientOptions<Req, Res> extends HttpOptions {
  /** encode builds the params from the request. Default: the request itself. */
  readonly encode?: EncodeParamsFunc<Req>;
  /** decode builds the response from the result. Default: the result as it came. */
  readonly decode?: DecodeResultFunc<Res>;
  /** id generates request ids (Go kit's `RequestIDGenerator`). Default: 0, 1, 2, ... */
  readonly id?: () => Id;
  /**
   * notification sends each call as a notification (no id): the server runs it and answers
   * nothing (204), and the call resolves to undefined once it has. Default false.
   */
  readonly notification?: boolean;
}

/**
 * createClient returns an {@link Endpoint} calling one method of a JSON-RPC 2.0 server over
 * HTTP (Go kit's `jsonrpc.NewClient(...).Endpoint()`), on core's HTTP client: hooks, deadline
 * propagation (`Connect-Timeout-Ms`), cancellation and the response size bound are the HTTP
 * client's. Each call POSTs `{"jsonrpc":"2.0","method":...,"params":...,"id":n}` with ids
 * counting from 0 per endpoint, as Go kit's. An error response rejects with a
 * {@link JsonRpcError} carrying the error object's code, message and data (its canonical code
 * from the table: -32601 `unimplemented`, -32602 `invalid_argument`, ...). A success with
 * another id, or JSON that is not a response object, rejects with code `internal`, reason
 * `MALFORMED_RESPONSE`; a 2xx body that is not JSON with the HTTP client's `ResponseBodyError`
 * (`INVALID_JSON`); a non-2xx answer without a JSON-RPC body with its `ResponseStatusError`.
 *
 * @example
 * const sum = createClient<{ a: number; b: number }, number>('http://127.0.0.1:8084/', 'sum');
 * console.log(await sum(background(), { a: 1, b: 2 })); // 3
 */
export function createClient<Req = unknown, Res = unknown>(
  url: string | URL,
  method: string,
  options: ClientOptions<Req, Res> = {},
): Endpoint<Req, Res> {
  const exchange = createExchange(url, options);
  const stringify = stringifyOf(options);
  const encode = options.encode;
  const decode = options.decode;
  const nextId = options.id ?? autoIncrement();
  const notify = options.notification === true;
  const head = `{"jsonrpc":"2.0","method":${JSON.stringify(method)}`;
  return async (ctx, request) => {
    const params =
      encode === undefined ? (request as Params | undefined) : await encode(ctx, request);
    checkParams(params);
    const withParams = params === undefined ? head : `${head},"params":${stringify(params)}`;
    if (notify) {
      const answer = await exchange(ctx, `${withParams}}`);
      if (answer.value !== undefined) settle(answer.url, answer.value); // an error for it throws
      return undefined as Res;
    }
    const id = nextId();
    const answer = await exchange(ctx, `${withParams},"id":${JSON.stringify(id)}}`);
    if (answer.value === undefined) throw malformed(answer.url, 'an empty body');
    const { result, id: answered } = settle(answer.url, answer.value);
    if (answered !== id) {
      throw malformed(
        answer.url,
        `id ${JSON.stringify(answered)}, the request's was ${JSON.stringify(id)}`,
      );
    }
    return decode === undefined ? (result as Res) : decode(ctx, result);
  };
}

/** checkParams refuses params that are not structured (the specification's section 4.2). */
export function checkParams(params: unknown): void {
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    throw new TypeError(
      `jsonrpc client: params must be an array, an object or undefined, got ${params === null ? 'null' : typeof params}`,
    );
  }
}
