import type { Context } from '../../../context/index.js';
import { checkParams } from './client.js';
import { autoIncrement, createExchange, malformed, settle, stringifyOf } from './exchange.js';
import type { HttpOptions } from './exchange.js';
import type { Id, Params } from './request.js';

/** BatchCall is one call of a batch. */
export interface BatchCall {
  /** method is the method to call. */
  readonly method: string;
  /** params are its params, by position or by name; omitted when undefined. */
  readonly params?: Params | undefined;
  /** notification sends the call without an id: the server runs it and answers nothing. */
  readonly notification?: boolean | undefined;
}

/**
 * BatchResult is the outcome of one call of a batch: its result, or the error it failed with
 * (a `JsonRpcError` for an error object; a malformed-response error when the server
 * answered nothing for it).
 */
export type BatchResult =
  { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: Error };

/**
 * BatchClient sends calls in one batch request and resolves to one entry per call, in the
 * calls' order: a {@link BatchResult}, or undefined for a notification.
 */
export type BatchClient = (
  ctx: Context,
  calls: readonly BatchCall[],
) => Promise<(BatchResult | undefined)[]>;

/** BatchClientOptions tune {@link createBatchClient}; all optional. */
export interface BatchClientOptions extends HttpOptions {
  /** id generates request ids. Default: 0, 1, 2, ... per batch client. */
  readonly id?: () => Id;
}

/**
 * createBatchClient returns a {@link BatchClient} for a JSON-RPC 2.0 server over HTTP: the
 * calls go out as one array, the responses are matched to the calls by id (in whatever order
 * the server answers), and each call settles on its own: a failed call does not fail the
 * others. The whole batch rejects when it could not be sent, when the server answered one
 * error for all of it (an oversized batch: -32600, as a `JsonRpcError`), or with an
 * answer that is not JSON-RPC. Ids must be unique within a batch: with the default generator
 * they are. An empty list resolves to `[]` without a request.
 *
 * @example
 * const batch = createBatchClient('http://127.0.0.1:8084/');
 * const [a, b] = await batch(ctx, [
 *   { method: 'sum', params: { a: 1, b: 2 } },
 *   { method: 'concat', params: ['x', 'y'] },
 * ]);
 */
export function createBatchClient(
  url: string | URL,
  options: BatchClientOptions = {},
): BatchClient {
  const exchange = createExchange(url, options);
  const stringify = stringifyOf(options);
  const nextId = options.id ?? autoIncrement();
  return async (ctx, calls) => {
    if (calls.length === 0) return [];
    const ids: (Id | undefined)[] = [];
    const parts: string[] = [];
    const index = new Map<Id, number>();
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] as BatchCall;
      checkParams(call.params);
      let part = `{"jsonrpc":"2.0","method":${JSON.stringify(call.method)}`;
      if (call.params !== undefined) part += `,"params":${stringify(call.params)}`;
      if (call.notification === true) ids.push(undefined);
      else {
        const id = nextId();
        if (index.has(id))
          throw new TypeError(`jsonrpc batch: id ${JSON.stringify(id)} is used twice`);
        index.set(id, i);
        ids.push(id);
        part += `,"id":${JSON.stringify(id)}`;
      }
      parts.push(part + '}');
    }
    const answer = await exchange(ctx, `[${parts.join(',')}]`);
    const out = new Array<BatchResult | undefined>(calls.length).fill(undefined);
    const value = answer.value;
    if (index.size === 0) return out; // only notifications: nothing to wait for
    if (value === undefined) throw malformed(answer.url, 'an empty body for a batch with calls');
    if (!Array.isArray(value)) {
      settle(answer.url, value); // one error for the whole batch: throws it
      throw malformed(answer.url, 'a single response to a batch');
    }
    for (const response of value) {
      const id = (response as { id?: Id } | null)?.id ?? null;
      const at = index.get(id);
      if (at === undefined || out[at] !== undefined) continue; // unknown or duplicate id
      try {
        out[at] = { ok: true, result: settle(answer.url, response).result };
      } catch (err) {
        out[at] = { ok: false, error: err as Error };
      }
    }
    for (let i = 0; i < calls.length; i++) {
      const id = ids[i];
      if (id !== undefined && out[i] === undefined) {
        out[i] = {
          ok: false,
          error: malformed(answer.url, `no response for id ${JSON.stringify(id)}`),
        };
      }
    }
    return out;
  };
}
