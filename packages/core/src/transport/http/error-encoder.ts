import type { Context } from '../../context/context.js';
import { isHeaderer, isJSONMarshaler, isStatusCoder } from '../capabilities.js';
import { addHeaders } from './codecs.js';
import type { ResponseWriter } from './response-writer.js';

/**
 * ErrorEncoder writes an error to the response (Go kit's `ErrorEncoder`). A server calls it
 * for every error met while decoding, calling the endpoint or encoding, after the error
 * handler. Users write their own to map their error types to statuses and bodies.
 */
export type ErrorEncoder = (ctx: Context, err: unknown, w: ResponseWriter) => void;

/**
 * defaultErrorEncoder is Go kit's `DefaultErrorEncoder`: the error's message as
 * `text/plain; charset=utf-8` (no trailing newline), or `JSON.stringify(err)` as
 * `application/json; charset=utf-8` when the error has `toJSON()`; the headers of a
 * `Headerer` are added, keeping every value; the status comes from a `StatusCoder`, else 500.
 */
export const defaultErrorEncoder: ErrorEncoder = (_ctx, err, w) => {
  let body: string;
  if (isJSONMarshaler(err)) {
    w.setHeader('content-type', 'application/json; charset=utf-8');
    body = JSON.stringify(err) ?? 'null';
  } else {
    w.setHeader('content-type', 'text/plain; charset=utf-8');
    body = errorText(err);
  }
  if (isHeaderer(err)) addHeaders(w, err.headers());
  w.writeHead(statusOf(err));
  w.end(body);
};

/** errorText is the text of an error as Go's `err.Error()` would give it: its message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function statusOf(err: unknown): number {
  if (!isStatusCoder(err)) return 500;
  const status = err.statusCode();
  return Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500;
}
