import type { DecodeRequestFunc } from './codecs.js';
import type { ServerResponseFunc } from './server.js';

/**
 * setResponseHeader returns an `after` hook that sets a response header (Go kit's
 * `SetResponseHeader`).
 */
export function setResponseHeader(name: string, value: string): ServerResponseFunc {
  return (ctx, w) => {
    w.setHeader(name, value);
    return ctx;
  };
}

/**
 * setContentType returns an `after` hook that sets the Content-Type of the response (Go kit's
 * `SetContentType`). An encoder that sets its own Content-Type runs later and wins.
 */
export function setContentType(contentType: string): ServerResponseFunc {
  return setResponseHeader('content-type', contentType);
}

/**
 * nopRequestDecoder decodes every request to `undefined` without reading the body (Go kit's
 * `NopRequestDecoder`), for endpoints that take no input.
 */
export const nopRequestDecoder: DecodeRequestFunc<undefined> = () => undefined;
