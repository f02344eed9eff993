import type { Context } from '../../context/index.js';
import { ResponseBodyError } from './client-errors.js';

/**
 * ResponseHeaders are response headers as a plain object, the same under every client and
 * runtime: lowercase names, one string per header (repeated headers joined with `, `), and
 * `set-cookie` as an array of its values. (Node's `IncomingHttpHeaders` has this shape.)
 */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * ClientResponse is what an HTTP client endpoint hands to its `after` functions and decoder,
 * the same for the `node:http` client ({@link createClient}) and the Fetch one
 * ({@link createFetchClient}): the status, the headers and the body, which is read once,
 * either through the helpers (`text()`, `json()`, `bytes()`, bounded by the client's
 * `maxResponseBytes`) or as the raw `body` stream of byte chunks. Non-2xx responses arrive here
 * like any other: the decoder decides what they mean (Go kit does not turn a status into an
 * error either).
 */
export interface ClientResponse {
  /** status is the HTTP status code. */
  readonly status: number;
  /** statusText is the reason phrase sent by the server (may be empty). */
  readonly statusText: string;
  /** headers are the response headers, lowercase names. */
  readonly headers: ResponseHeaders;
  /**
   * body is the raw response body as byte chunks (`for await (const chunk of res.body)`), for
   * decoders that stream, or for the caller in buffered-stream mode; leaving the loop early
   * closes the body. Unbounded: the `maxResponseBytes` limit applies to the helpers only.
   */
  readonly body: AsyncIterable<Uint8Array>;
  /** url is the URL the request went to (without credentials). */
  readonly url: string;
  /** text reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /** json reads the whole body and parses it as JSON; an empty body gives undefined. */
  json(): Promise<unknown>;
  /** bytes reads the whole body. */
  bytes(): Promise<Uint8Array>;
}

/**
 * DecodeResponseFunc turns a response into the domain response (Go kit's
 * `DecodeResponseFunc`). It sees every status; what it throws is what the caller gets.
 */
export type DecodeResponseFunc<Res> = (ctx: Context, res: ClientResponse) => Res | Promise<Res>;

/**
 * ClientResponseFunc runs after the response headers arrived and before decoding (Go kit's
 * `ClientResponseFunc`, registered with `ClientAfter`); it returns the context for the rest of
 * the call, e.g. carrying a value read from a response header.
 */
export type ClientResponseFunc = (ctx: Context, res: ClientResponse) => Context;

/** parseJSON parses text as JSON, naming the URL when it is not JSON. */
export function parseJSON(url: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ResponseBodyError(
      url,
      `invalid JSON body: ${(err as Error).message}`,
      'INVALID_JSON',
      err,
    );
  }
}
