/**
 * Internal: a method's call flow on the core kernel (decode → endpoint → encode, errors to the
 * error handler and the error-object encoder), and how one parsed body becomes the response
 * body: a single call, a batch run with a concurrency limit, or nothing for notifications.
 */
import type { Context } from '../../../context/index.js';
import { codeOf } from '../../../errors/index.js';
import { isHeaderer } from '../../capabilities.js';
import type { ErrorHandler } from '../../error-handler.js';
import { createKernel } from '../../kernel.js';
import type { Serve } from '../../kernel.js';
import { createJSONCodec } from '../codec.js';
import type { HeaderMap } from '../../capabilities.js';
import { jsonRpcErrors } from './codes.js';
import { JsonRpcError, errorText, isErrorCoder } from './error.js';
import type { ErrorObject } from './error.js';
import type { AnyMethod } from './method.js';
import { stringifyExact } from './exact-json.js';
import { rawIds } from './raw-ids.js';
import { check } from './request.js';
import type { Call, Id, Params } from './request.js';

/** ErrorObjectFunc turns an error into the error object sent for it. */
export type ErrorObjectFunc = (ctx: Context, err: unknown) => ErrorObject;

/** Slot is where a call's flow writes its answer: the JSON of `result` or of `error`. */
interface Slot {
  /** w collects the headers of `Headerer` errors, for the HTTP response. */
  readonly w: Answer;
  result: string | undefined;
  error: string | undefined;
}

/** Parsed is a body that is valid JSON, with its text (for exact ids). */
export interface Parsed {
  readonly value: unknown;
  readonly text: string;
}

const json = createJSONCodec({ newline: false });
const encodeJSON = (value: unknown): string => json.encode(value) as string;
const htmlChars = /[<>&\u2028\u2029]/g;
const htmlEscapes: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
/** encodeExact is encodeJSON with bigint values written as JSON numbers. */
const encodeExact = (value: unknown): string =>
  (stringifyExact(value) ?? 'null').replace(htmlChars, (c) => htmlEscapes[c] ?? c);
const internalError = `{"code":${jsonRpcErrors.internalError},"message":"the error could not be encoded"}`;

/** DispatchOptions are what a dispatcher needs from the server's options. */
export interface DispatchOptions {
  readonly errorHandler: ErrorHandler | undefined;
  readonly errorObject: ErrorObjectFunc;
  readonly strict: boolean;
  readonly maxBatchSize: number;
  readonly batchConcurrency: number;
  readonly exactIntegers: boolean;
}

/**
 * Answer is what a dispatch gives the HTTP encoder: the body (undefined for no response, 204)
 * and the headers of `Headerer` errors.
 */
export interface Answer {
  body: string | undefined;
  headers: HeaderMap[] | undefined;
  /** failure is the error of a single (not batched) call that failed, for `errorStatus`. */
  failure: unknown;
}

/** State is a request's answer in the making, with the body text for exact ids. */
interface State extends Answer {
  readonly text: string;
  ids: (string | undefined)[] | undefined;
}

/** Dispatch turns a parsed body into the answer. */
export type Dispatch = (ctx: Context, parsed: Parsed) => Promise<Answer>;

/** createDispatch builds one kernel per method and returns the dispatcher. */
export function createDispatch(
  methods: Readonly<Record<string, AnyMethod>>,
  o: DispatchOptions,
): Dispatch {
  const errorHandler = o.errorHandler;
  // A throwing errorObject, or data that cannot be serialised, gives a bare internal error.
  const encodeError = (ctx: Context, err: unknown, w: Answer): string => {
    w.failure ??= err;
    try {
      if (isHeaderer(err)) (w.headers ??= []).push(err.headers());
      return json.encode(o.errorObject(ctx, err)) as string;
    } catch (encodeErr) {
      handle(errorHandler, ctx, encodeErr);
      return internalError;
    }
  };
  const kernels = new Map<string, Serve<Call, Slot>>();
  for (const name of Object.keys(methods)) {
    kernels.set(
      name,
      kernelOf(
        methods[name] as AnyMethod,
        errorHandler,
        encodeError,
        o.exactIntegers ? encodeExact : encodeJSON,
      ),
    );
  }

  const one = async (
    ctx: Context,
    value: unknown,
    w: State,
    at: number,
  ): Promise<string | undefined> => {
    const call = check(value, o.strict);
    if ('invalid' in call) {
      const err = new JsonRpcError(call.code, call.invalid);
      handle(errorHandler, ctx, err);
      return envelope('error', encodeError(ctx, err, w), idText(call.id, w, at));
    }
    const serve = kernels.get(call.method);
    let slot: Slot;
    if (serve === undefined) {
      const err = new JsonRpcError(
        jsonRpcErrors.methodNotFound,
        `Method ${call.method} was not found.`,
      );
      handle(errorHandler, ctx, err);
      slot = { w, result: undefined, error: encodeError(ctx, err, w) };
    } else {
      slot = { w, result: undefined, error: undefined };
      await serve(ctx, call, slot);
    }
    if (call.notification) return undefined;
    const id = idText(call.id, w, at);
    return slot.error === undefined
      ? envelope('result', slot.result ?? 'null', id)
      : envelope('error', slot.error, id);
  };

  return async (ctx, parsed) => {
    const w: State = {
      body: undefined,
      headers: undefined,
      failure: undefined,
      text: parsed.text,
      ids: undefined,
    };
    const value = parsed.value;
    if (!Array.isArray(value)) {
      w.body = await one(ctx, value, w, 0);
      return w;
    }
    const n = value.length;
    if (n === 0 || n > o.maxBatchSize) {
      const err = new JsonRpcError(
        jsonRpcErrors.invalidRequest,
        n === 0
          ? 'invalid request: an empty batch'
          : `invalid request: a batch of ${n} requests, more than the limit of ${o.maxBatchSize}`,
      );
      handle(errorHandler, ctx, err);
      w.body = envelope('error', encodeError(ctx, err, w), 'null');
      return w;
    }
    const out = new Array<string | undefined>(n);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < n) {
        const i = next++;
        out[i] = await one(ctx, value[i], w, i);
      }
    };
    const workers: Promise<void>[] = [];
    for (let k = Math.min(o.batchConcurrency, n); k > 0; k--) workers.push(worker());
    await Promise.all(workers);
    const answers = out.filter((s) => s !== undefined);
    if (answers.length > 0) w.body = `[${answers.join(',')}]`;
    w.failure = undefined; // a batch is answered 200 whatever its calls did
    return w;
  };
}

function kernelOf(
  m: AnyMethod,
  errorHandler: ErrorHandler | undefined,
  encodeError: (ctx: Context, err: unknown, w: Answer) => string,
  encodeValue: (value: unknown) => string,
): Serve<Call, Slot> {
  const decode = m.decode;
  const encode = m.encode;
  const names = m.params;
  return createKernel<Call, Slot, unknown, unknown>(
    m.endpoint,
    (ctx, call) => {
      let params: Params | undefined = call.params;
      if (names !== undefined && Array.isArray(params)) params = byName(names, params);
      if (decode === undefined) return params;
      try {
        const decoded = decode(ctx, params, call) as unknown;
        return decoded instanceof Promise ? decoded.catch(invalidParams) : decoded;
      } catch (err) {
        return invalidParams(err);
      }
    },
    (ctx, slot, response) => {
      const result = encode === undefined ? response : (encode(ctx, response) as unknown);
      if (result instanceof Promise) {
        return result.then((r: unknown) => {
          slot.result = encodeValue(r);
        });
      }
      slot.result = encodeValue(result);
    },
    {
      errorHandler,
      errorEncoder: (ctx, err, slot) => {
        slot.error = encodeError(ctx, err, slot.w);
      },
      fallback: (_ctx, _err, slot) => {
        slot.error = internalError;
      },
    },
  );
}

/** byName maps positional params onto the method's parameter names. */
function byName(names: readonly string[], params: readonly unknown[]): Params {
  if (params.length > names.length) {
    throw new JsonRpcError(
      jsonRpcErrors.invalidParams,
      `invalid params: ${params.length} by position, the method takes ${names.length}`,
    );
  }
  const named: Record<string, unknown> = {};
  for (let i = 0; i < params.length; i++) named[names[i] as string] = params[i];
  return named;
}

/**
 * invalidParams makes a decoder's plain error an invalid-params error (-32602); an error with
 * a code of its own keeps it.
 */
function invalidParams(err: unknown): never {
  if (isErrorCoder(err) || codeOf(err) !== 'unknown') throw err;
  throw new JsonRpcError(jsonRpcErrors.invalidParams, `invalid params: ${errorText(err)}`, {
    cause: err,
  });
}

/** envelope is the JSON of a response object. */
function envelope(member: 'result' | 'error', body: string, id: string): string {
  return `{"jsonrpc":"2.0","${member}":${body},"id":${id}}`;
}

/**
 * idText is the JSON of the id of the request at `at`: the request's own characters for a
 * number JSON.parse changed.
 */
function idText(id: Id, w: State, at: number): string {
  if (typeof id === 'number') {
    if (Number.isSafeInteger(id)) return String(id);
    return (w.ids ??= rawIds(w.text))[at] ?? String(id);
  }
  if (typeof id === 'bigint') return String(id);
  return id === null ? 'null' : (json.encode(id) as string);
}

function handle(handler: ErrorHandler | undefined, ctx: Context, err: unknown): void {
  if (handler === undefined) return;
  try {
    handler(ctx, err);
  } catch {
    // An error handler must not throw; the call still gets its answer.
  }
}
