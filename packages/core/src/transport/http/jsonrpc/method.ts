import type { Context } from '../../../context/index.js';
import type { Endpoint } from '../../../endpoint/index.js';
import type { Call, Params } from './request.js';

/**
 * DecodeParamsFunc turns a request's params into the endpoint's request (Go kit's
 * `jsonrpc.DecodeRequestFunc`, given the parsed params rather than raw bytes): `params` is the
 * array or object sent, or undefined when absent. A plain error it throws is answered -32602
 * (invalid params) with its message; an error with a code of its own (a `JsonRpcError`, a
 * `ServiceError`) keeps it.
 */
export type DecodeParamsFunc<Req> = (
  ctx: Context,
  params: Params | undefined,
  call: Call,
) => Req | Promise<Req>;

/**
 * EncodeResultFunc turns the endpoint's response into the value sent as `result` (Go kit's
 * `jsonrpc.EncodeResponseFunc`); it is serialised with `JSON.stringify`, Go's HTML-safe escapes
 * applied.
 */
export type EncodeResultFunc<Res> = (ctx: Context, response: Res) => unknown;

/** Method is one entry of a server's method map (Go kit's `jsonrpc.EndpointCodec`). */
export interface Method<Req, Res> {
  /** endpoint serves the method. */
  readonly endpoint: Endpoint<Req, Res>;
  /** decode builds the endpoint's request from the params. Default: the params as they came. */
  readonly decode?: DecodeParamsFunc<Req>;
  /** encode builds the result from the response. Default: the response itself. */
  readonly encode?: EncodeResultFunc<Res>;
  /**
   * params names the parameters, in order, so that a call by position (`[1, 2]`) reaches the
   * decoder by name (`{ a: 1, b: 2 }`), as does a call by name; more positional params than
   * names is answered -32602. Default: params reach the decoder as sent.
   */
  readonly params?: readonly string[];
}

/**
 * AnyMethod is a {@link Method} of any request and response type, as a method map holds them;
 * {@link method} makes one with the types checked.
 */
export type AnyMethod = Method<any, any>;

/** Methods maps method names to their {@link Method} (Go kit's `EndpointCodecMap`). */
export type Methods = Readonly<Record<string, AnyMethod>>;

/**
 * method returns its argument: it exists so that the decoder, the endpoint and the encoder of
 * one method are type-checked against each other inside a {@link Methods} map.
 *
 * @example
 * const methods = { sum: method({ endpoint: sum, decode: (_ctx, p) => toSumRequest(p) }) };
 */
export function method<Req, Res>(definition: Method<Req, Res>): Method<Req, Res> {
  return definition;
}
