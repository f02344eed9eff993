/**
 * Internal: the one request flow of every HTTP server, whichever face the request came
 * through (Go kit's `Server.ServeHTTP`).
 */
import type { Context } from '../../context/context.js';
import type { Endpoint } from '../../endpoint/endpoint.js';
import type { ErrorHandler } from '../error-handler.js';
import type { DecodeRequestFunc, EncodeResponseFunc } from './codecs.js';
import type { ErrorEncoder } from './error-encoder.js';
import type { Exchange } from './exchange.js';
import type { RequestFunc, ServerFinalizerFunc, ServerResponseFunc } from './server.js';

/** Flow is a server's resolved configuration. */
export interface Flow<Req, Res> {
  readonly endpoint: Endpoint<Req, Res>;
  readonly decode: DecodeRequestFunc<Req>;
  readonly encode: EncodeResponseFunc<Res>;
  readonly before: readonly RequestFunc[];
  readonly after: readonly ServerResponseFunc[];
  readonly errorEncoder: ErrorEncoder;
  readonly errorHandler: ErrorHandler;
  readonly finalizer: readonly ServerFinalizerFunc[];
}

/**
 * runFlow serves one exchange: before -> decode -> endpoint -> after -> encode; on any error
 * errorHandler then errorEncoder; finalizers last. It never rejects and always ends the
 * response.
 */
export async function runFlow<Req, Res>(
  flow: Flow<Req, Res>,
  ex: Exchange,
  root: Context,
): Promise<void> {
  let ctx = root;
  try {
    const before = flow.before;
    for (let i = 0; i < before.length; i++) ctx = (before[i] as RequestFunc)(ctx, ex);
    const request = await flow.decode(ctx, ex);
    const response = await flow.endpoint(ctx, request);
    const after = flow.after;
    for (let i = 0; i < after.length; i++) ctx = (after[i] as ServerResponseFunc)(ctx, ex);
    const encoded = flow.encode(ctx, ex, response);
    if (encoded !== undefined) await encoded; // sync encoders cost no extra tick
    if (!ex.ended) ex.end();
  } catch (err) {
    fail(flow, ctx, ex, err);
  }
  if (flow.finalizer.length > 0) finalize(flow, ctx, ex);
}

function fail<Req, Res>(flow: Flow<Req, Res>, ctx: Context, ex: Exchange, err: unknown): void {
  handle(flow.errorHandler, ctx, err);
  if (ex.ended) return; // the response is out: nothing more can be said to the client
  try {
    flow.errorEncoder(ctx, err, ex);
  } catch (encodeErr) {
    handle(flow.errorHandler, ctx, encodeErr);
  }
  if (!ex.ended) {
    // The error encoder failed or forgot to end: answer a bare 500 rather than hang.
    try {
      ex.setHeader('content-type', 'text/plain; charset=utf-8');
      ex.writeHead(500);
      ex.end('internal server error');
    } catch {
      ex.fatal();
    }
  }
}

function finalize<Req, Res>(flow: Flow<Req, Res>, ctx: Context, ex: Exchange): void {
  const info = {
    statusCode: ex.statusCode,
    headers: ex.headers(),
    bytesWritten: ex.bytesWritten,
    request: ex,
    clientGone: ex.clientGone(),
  };
  for (const f of flow.finalizer) {
    try {
      f(ctx, info);
    } catch (err) {
      handle(flow.errorHandler, ctx, err);
    }
  }
}

function handle(handler: ErrorHandler, ctx: Context, err: unknown): void {
  try {
    handler(ctx, err);
  } catch {
    // An error handler must not throw; if it does, the request still gets its answer.
  }
}
