/**
 * Internal: one JSON-RPC exchange over core's HTTP client, shared by the method client and the
 * batch client: POST the body, read the answer (empty, a response object or an array), and
 * turn what is not JSON-RPC into the HTTP client's errors.
 */
import type { Context } from '../../../context/index.js';
import { ServiceError } from '../../../errors/index.js';
import type { Endpoint } from '../../../endpoint/index.js';
import { createClient as createHttpClient } from '../client.js';
import { ResponseBodyError, ResponseStatusError } from '../client-errors.js';
import type { NodeClientOptions as HttpClientOptions } from '../client-options.js';
import type { ClientResponse } from '../client-response.js';
import { JsonRpcError } from './error.js';
import { parseExact, stringifyExact } from './exact-json.js';
import type { Id, Response } from './request.js';

/** ClientOptions are the HTTP client's options a JSON-RPC client passes through. */
export type HttpOptions = Pick<
  HttpClientOptions,
  'before' | 'after' | 'finalizer' | 'agent' | 'maxResponseBytes' | 'propagateDeadline'
> & {
  /**
   * exactIntegers reads integers beyond ±2^53 in responses as `bigint` and sends `bigint`
   * params as JSON numbers, for Go services' int64 values. Default false.
   */
  readonly exactIntegers?: boolean;
};

/** Answer is the parsed body of a JSON-RPC answer (undefined when empty), and its URL. */
export interface Answer {
  readonly value: unknown;
  readonly url: string;
}

/** createExchange returns an endpoint that POSTs a JSON body and parses the answer. */
export function createExchange(url: string | URL, options: HttpOptions): Endpoint<string, Answer> {
  return createHttpClient<string, Answer>(
    'POST',
    url,
    (_ctx, req, body) => {
      req.headers['content-type'] = 'application/json; charset=utf-8';
      req.body = body;
    },
    options.exactIntegers === true ? decodeExact : decodeAnswer,
    options,
  );
}

const decodeAnswer = (_ctx: Context, res: ClientResponse): Promise<Answer> =>
  readAnswer(res, (text) => JSON.parse(text) as unknown);
const decodeExact = (_ctx: Context, res: ClientResponse): Promise<Answer> =>
  readAnswer(res, parseExact);

/** stringifyOf is how a client serialises params. */
export function stringifyOf(options: HttpOptions): (value: unknown) => string {
  return options.exactIntegers === true
    ? (v) => stringifyExact(v) ?? 'null'
    : (v) => JSON.stringify(v) ?? 'null';
}

async function readAnswer(res: ClientResponse, parse: (text: string) => unknown): Promise<Answer> {
  const text = await res.text();
  const ok = res.status >= 200 && res.status <= 299;
  const fail = (): never => {
    throw new ResponseStatusError(res.status, res.statusText, text, res.headers);
  };
  if (text.trim() === '') return ok ? { value: undefined, url: res.url } : fail();
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    if (!ok) fail();
    throw new ResponseBodyError(
      res.url,
      `invalid JSON body: ${(err as Error).message}`,
      'INVALID_JSON',
      err,
    );
  }
  if (!ok && !isResponse(value) && !Array.isArray(value)) fail();
  return { value, url: res.url };
}

function isResponse(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** malformed is the error of an answer that breaks the protocol: code `internal`. */
export function malformed(url: string, why: string): ServiceError {
  return new ServiceError('internal', `${url}: malformed JSON-RPC response: ${why}`, {
    reason: 'MALFORMED_RESPONSE',
  });
}

/**
 * settle reads one response object: the result, or the error object thrown as a
 * {@link JsonRpcError}. Anything else is a malformed response.
 */
export function settle(url: string, value: unknown): { result: unknown; id: Id } {
  if (!isResponse(value)) throw malformed(url, 'not a response object');
  const r = value as Response & Record<string, unknown>;
  const error = r['error'];
  if (error !== undefined && error !== null) {
    if (typeof error !== 'object' || typeof (error as { code?: unknown }).code !== 'number') {
      throw malformed(url, 'the error member is not an error object');
    }
    const e = error as { code: number; message?: unknown; data?: unknown };
    throw new JsonRpcError(e.code, typeof e.message === 'string' ? e.message : '', {
      data: e.data,
    });
  }
  if (!('result' in r)) throw malformed(url, 'neither result nor error');
  return { result: r['result'], id: (r['id'] ?? null) as Id };
}

/** autoIncrement returns Go kit's id generator: 0, 1, 2, ... */
export function autoIncrement(): () => number {
  let next = 0;
  return () => next++;
}
