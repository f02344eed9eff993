/**
 * Internal: reading a request body and using it in one promise step, where the face can.
 */
import type { HttpRequest } from './request.js';

/**
 * BodyThen is a request that hands its body to a function in the step that reads it (the
 * Fetch face: the parse runs in the step that takes the runtime's bytes, one step fewer per
 * request). Checked structurally; a request without it is read with `body().then(then)`.
 */
interface BodyThen {
  bodyThen<T>(then: (body: Uint8Array) => T): Promise<T>;
}

/**
 * bodyThen reads the body of request and returns what `then` makes of it; a failed read
 * rejects with the read's error, a throw in `then` with that throw.
 */
export function bodyThen<T>(request: HttpRequest, then: (body: Uint8Array) => T): Promise<T> {
  const r = request as HttpRequest & Partial<BodyThen>;
  try {
    return typeof r.bodyThen === 'function' ? r.bodyThen(then) : request.body().then(then);
  } catch (err) {
    return Promise.reject(err as Error);
  }
}
