import type { Context } from '../../context/index.js';
import { isHeaderer } from '../capabilities.js';
import { ResponseStatusError } from './client-errors.js';
import type { ClientRequest } from './client-request.js';
import type { ClientResponse } from './client-response.js';

/**
 * encodeJSONRequest is an `EncodeRequestFunc` that sends request as a JSON body with
 * `Content-Type: application/json; charset=utf-8`; when request is a `Headerer`, its headers
 * are set on the request too, every value of multi-valued ones (Go kit's `EncodeJSONRequest`).
 */
export function encodeJSONRequest(_ctx: Context, req: ClientRequest, request: unknown): void {
  req.headers['content-type'] = 'application/json; charset=utf-8';
  if (isHeaderer(request)) {
    const extra = request.headers();
    for (const name in extra) {
      const value = extra[name];
      if (value === undefined) continue;
      req.headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
    }
  }
  // JSON.stringify(undefined) is undefined; Go's encoder writes `null` for a nil request.
  req.body = JSON.stringify(request) ?? 'null';
}

/**
 * decodeJSONResponse is a `DecodeResponseFunc` for JSON APIs: a 2xx body is parsed as JSON
 * (an empty body gives undefined); any other status throws a {@link ResponseStatusError}
 * whose message is the server's own text (`a must be a number`), whose code comes from the
 * status (or the `Svckit-Error-Code` of an svckit server), carrying the status, headers and
 * body text. A 2xx body that is not JSON throws a `ResponseBodyError` with reason
 * `INVALID_JSON`. The type parameter is trusted, not checked:
 * validate the result if the server is not yours.
 */
export function decodeJSONResponse<T = unknown>(_ctx: Context, res: ClientResponse): Promise<T> {
  if (res.status >= 200 && res.status <= 299) return res.json() as Promise<T>;
  return res.text().then((text) => {
    throw new ResponseStatusError(res.status, res.statusText, text, res.headers);
  });
}
