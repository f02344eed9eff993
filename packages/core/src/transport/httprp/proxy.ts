import { Agent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import {
  DeadlineExceededError,
  background,
  isCancelable,
  withDeadline,
} from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { ServiceError, codeOf } from '../../errors/index.js';
import type { ErrorHandler } from '../error-handler.js';
import {
  formatTimeout,
  grpcTimeoutHeader,
  parseGrpcTimeout,
  parseTimeout,
  timeoutHeader,
} from '../headers.js';
import { defaultErrorStatus } from '../http/error-encoder.js';
import type { Server } from '../http/server.js';
import { Outgoing, appendForwardedFor, hopHeaders, joinTarget } from './forward.js';
import { defaultHeadersTimeout } from './options.js';
import type { ProxyOptions, ProxyRequestFunc } from './options.js';

/**
 * createProxy returns a reverse proxy to the origin at target (Go kit's `httprp.NewServer`,
 * over Go's `httputil.NewSingleHostReverseProxy`), as a {@link Server} with both faces, usable
 * as a router target (`mount('/api', createProxy(origin, { stripPrefix: '/api' }))`). Per
 * request: the path and query are joined to the target's; hop-by-hop headers are dropped both
 * ways; `X-Forwarded-For` gets the client's address appended, `X-Forwarded-Proto` and
 * `X-Forwarded-Host` are set; `before` hooks may change the outgoing request; bodies stream
 * both ways with back-pressure, never buffered. The origin's answer passes through as it is
 * (its 404 too). An unreachable origin or a broken exchange is answered 502; no response
 * headers within `headersTimeoutMs`, or the caller's deadline (`Connect-Timeout-Ms`, sent on
 * to the origin as the time left) passing first, 504; a client that goes away aborts the
 * origin request. Errors go to `errorHandler`.
 *
 * @example
 * const router = createRouter().mount('/api', createProxy('http://127.0.0.1:8081', { stripPrefix: '/api' }));
 */
export function createProxy(target: string | URL, options: ProxyOptions = {}): Server {
  const base = new URL(target);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`createProxy: unsupported protocol ${base.protocol} in ${base.href}`);
  }
  const secure = base.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const agent = options.agent ?? (secure ? undefined : new Agent({ keepAlive: true }));
  const before = options.before ?? [];
  const errorHandler = options.errorHandler;
  const preserveHost = options.preserveHost === true;
  const strip = options.stripPrefix ?? '';
  const headersTimeout = options.headersTimeoutMs ?? defaultHeadersTimeout;
  const maxTimeout = options.maxTimeoutMs;

  const prepare = (
    method: string,
    requestTarget: string,
    headers: Record<string, string | string[]>,
    ip: string,
    proto: string,
    deadlineMs: number | undefined,
  ): [Context, Outgoing, (() => void) | undefined] => {
    let path = checkTarget(requestTarget);
    if (
      strip !== '' &&
      (path === strip || path.startsWith(`${strip}/`) || path.startsWith(`${strip}?`))
    ) {
      path = path.slice(strip.length);
      if (!path.startsWith('/')) path = `/${path}`;
    }
    const host = headers['host'];
    const out = new Outgoing(method, base, joinTarget(base, path), headers);
    const prior = headers['x-forwarded-for'];
    const forwarded = appendForwardedFor(Array.isArray(prior) ? prior.join(', ') : prior, ip);
    if (forwarded === '') delete headers['x-forwarded-for'];
    else headers['x-forwarded-for'] = forwarded;
    headers['x-forwarded-proto'] = proto;
    if (typeof host === 'string') headers['x-forwarded-host'] = host;
    if (!preserveHost) headers['host'] = base.host;
    let timeout = deadlineMs;
    if (maxTimeout !== undefined && !(timeout !== undefined && timeout < maxTimeout))
      timeout = maxTimeout;
    let ctx = background();
    let cancel: (() => void) | undefined;
    if (timeout !== undefined) [ctx, cancel] = withDeadline(ctx, Date.now() + timeout);
    for (let i = 0; i < before.length; i++) ctx = (before[i] as ProxyRequestFunc)(ctx, out);
    return [ctx, out, cancel];
  };

  return {
    node(req, res) {
      return new Promise<void>((resolve) => {
        let ctx: Context = background();
        let cancel: (() => void) | undefined;
        let upstream: ReturnType<typeof send> | undefined;
        const timers: ReturnType<typeof setTimeout>[] = [];
        let settled = false;
        const finish = (): void => {
          if (settled) return;
          settled = true;
          for (const t of timers) clearTimeout(t);
          cancel?.();
          resolve();
        };
        res.once('close', () => {
          if (!res.writableFinished) upstream?.destroy(new ClientGone());
          finish();
        });
        const fail = (err: unknown): void => {
          if (err instanceof ClientGone) {
            handle(errorHandler, ctx, err);
            return;
          }
          handle(errorHandler, ctx, err);
          if (res.headersSent) {
            res.destroy();
            return;
          }
          const [status, text] = answerOf(err);
          res.writeHead(status, {
            'content-type': 'text/plain; charset=utf-8',
            connection: 'close',
          });
          res.end(text);
        };
        let out: Outgoing;
        try {
          [ctx, out, cancel] = prepare(
            req.method ?? 'GET',
            req.url ?? '/',
            incomingHeaders(req),
            req.socket.remoteAddress ?? '',
            (req.socket as TLSSocket).encrypted === true ? 'https' : 'http',
            requestTimeout(req.headers[timeoutHeader], req.headers[grpcTimeoutHeader]),
          );
        } catch (err) {
          fail(err);
          return;
        }
        const deadline = ctx.deadline;
        if (deadline !== undefined) {
          const left = deadline - Date.now();
          if (left <= 0) return fail(new DeadlineExceededError());
          out.headers[timeoutHeader] = formatTimeout(left);
        }
        const host = out.hostname;
        const port = out.port;
        const headers = out.headers;
        if (
          req.headers['transfer-encoding'] !== undefined &&
          headers['content-length'] === undefined
        ) {
          headers['transfer-encoding'] = 'chunked';
        }
        const up = (upstream = send(
          {
            method: out.method,
            hostname: host.startsWith('[') ? host.slice(1, -1) : host,
            port: port === '' ? undefined : port,
            path: out.path,
            headers,
            ...(agent === undefined ? {} : { agent }),
          },
          (ures) => {
            clearTimeout(headersTimer);
            const drop = hopHeaders(ures.headers['connection']);
            const raw = ures.rawHeaders;
            const flat: string[] = [];
            for (let i = 0; i < raw.length; i += 2) {
              if (!drop.has((raw[i] as string).toLowerCase()))
                flat.push(raw[i] as string, raw[i + 1] as string);
            }
            try {
              res.writeHead(ures.statusCode ?? 502, ures.statusMessage, flat);
            } catch (err) {
              up.destroy(err as Error);
              return;
            }
            ures.on('error', (err) => fail(new BadGateway(err)));
            ures.pipe(res);
          },
        ));
        up.on('error', (err) => fail(err instanceof ServiceError ? err : new BadGateway(err)));
        const headersTimer = setTimeout(
          () =>
            up.destroy(
              new GatewayTimeout(`the origin sent no response headers within ${headersTimeout} ms`),
            ),
          headersTimeout,
        );
        timers.push(headersTimer);
        if (deadline !== undefined) {
          timers.push(
            setTimeout(() => up.destroy(new DeadlineExceededError()), deadline - Date.now()),
          );
        }
        if (isCancelable(ctx)) {
          const signal = ctx.signal;
          signal.addEventListener('abort', () => up.destroy(signal.reason as Error), {
            once: true,
          });
        }
        req.on('error', (err) => up.destroy(err));
        req.pipe(up);
      });
    },

    async fetch(request, info) {
      const incoming = new URL(request.url);
      const headers: Record<string, string | string[]> = {};
      const drop = hopHeaders(request.headers.get('connection') ?? undefined);
      request.headers.forEach((value, name) => {
        if (!drop.has(name)) headers[name] = value;
      });
      if (headers['host'] === undefined) headers['host'] = incoming.host;
      let ctx: Context = background();
      let cancel: (() => void) | undefined;
      const controller = new AbortController();
      const timers: ReturnType<typeof setTimeout>[] = [];
      try {
        let out: Outgoing;
        [ctx, out, cancel] = prepare(
          request.method,
          incoming.pathname + incoming.search,
          headers,
          remoteOf(info, request),
          incoming.protocol.slice(0, -1),
          requestTimeout(
            request.headers.get(timeoutHeader) ?? undefined,
            request.headers.get(grpcTimeoutHeader) ?? undefined,
          ),
        );
        const deadline = ctx.deadline;
        if (deadline !== undefined) {
          const left = deadline - Date.now();
          if (left <= 0) throw new DeadlineExceededError();
          out.headers[timeoutHeader] = formatTimeout(left);
          timers.push(setTimeout(() => controller.abort(new DeadlineExceededError()), left));
        }
        if (isCancelable(ctx)) {
          const signal = ctx.signal;
          signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
        }
        request.signal.addEventListener('abort', () => controller.abort(new ClientGone()), {
          once: true,
        });
        timers.push(
          setTimeout(
            () =>
              controller.abort(
                new GatewayTimeout(
                  `the origin sent no response headers within ${headersTimeout} ms`,
                ),
              ),
            headersTimeout,
          ),
        );
        const outHeaders = new Headers();
        for (const [name, value] of Object.entries(out.headers)) {
          if (name === 'host') continue; // fetch sets it from the URL
          if (typeof value === 'string') outHeaders.set(name, value);
          else for (const v of value) outHeaders.append(name, v);
        }
        const hasBody = request.body !== null && out.method !== 'GET' && out.method !== 'HEAD';
        const init: RequestInit & { duplex?: 'half' } = {
          method: out.method,
          headers: outHeaders,
          redirect: 'manual',
          signal: controller.signal,
          ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
        };
        let upstream: Response;
        try {
          upstream = await fetch(out.href, init);
        } catch (err) {
          const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
          throw reason instanceof ServiceError || reason instanceof DeadlineExceededError
            ? reason
            : new BadGateway(reason);
        }
        clearTimeout(timers.pop());
        const back = new Headers();
        const dropBack = hopHeaders(upstream.headers.get('connection') ?? undefined);
        // fetch decodes compressed bodies itself: what goes on is the decoded body.
        const decoded = upstream.headers.has('content-encoding');
        upstream.headers.forEach((value, name) => {
          if (dropBack.has(name) || name === 'set-cookie') return;
          if (decoded && (name === 'content-encoding' || name === 'content-length')) return;
          back.set(name, value);
        });
        for (const cookie of upstream.headers.getSetCookie()) back.append('set-cookie', cookie);
        return new Response(upstream.body, {
          status: upstream.status,
          statusText: upstream.statusText,
          headers: back,
        });
      } catch (err) {
        handle(errorHandler, ctx, err);
        for (const t of timers) clearTimeout(t);
        const [status, text] = answerOf(err);
        return new Response(text, {
          status,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      } finally {
        cancel?.();
      }
    },
  };
}

/** dotSegment finds a `.` or `..` segment, plain or percent-encoded. */
const dotSegment = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|\?|$)/i;

/**
 * checkTarget returns the path and query of a request target: absolute-form (`http://host/p`)
 * is reduced to its path; a dot segment is refused (400), since joining it to the target
 * would resolve it and could climb out of the target's base path.
 */
function checkTarget(target: string): string {
  let t = target;
  if (!t.startsWith('/')) {
    const scheme = t.indexOf('://');
    const slash = scheme < 0 ? -1 : t.indexOf('/', scheme + 3);
    if (slash < 0) throw new ServiceError('invalid_argument', 'the request target is not a path');
    t = t.slice(slash);
  }
  const q = t.indexOf('?');
  if (dotSegment.test(q < 0 ? t : t.slice(0, q))) {
    throw new ServiceError('invalid_argument', 'the path has a dot segment (. or ..)');
  }
  return t;
}

/** BadGateway is an exchange with the origin that failed: 502. */
class BadGateway extends ServiceError {
  override readonly name = 'BadGateway';
  constructor(cause: unknown) {
    super('unavailable', `bad gateway: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      reason: 'BAD_GATEWAY',
    });
  }
  statusCode(): number {
    return 502;
  }
}

/** GatewayTimeout is an origin that did not answer in time: 504. */
class GatewayTimeout extends ServiceError {
  override readonly name = 'GatewayTimeout';
  constructor(message: string) {
    super('deadline_exceeded', `gateway timeout: ${message}`, { reason: 'GATEWAY_TIMEOUT' });
  }
  statusCode(): number {
    return 504;
  }
}

/** ClientGone is the caller closing the connection: the origin request is aborted. */
class ClientGone extends ServiceError {
  override readonly name = 'ClientGone';
  constructor() {
    super('canceled', 'the client closed the connection', { reason: 'CLIENT_GONE' });
  }
}

/** answerOf is the status and text a proxy answers an error with. */
function answerOf(err: unknown): [number, string] {
  if (err instanceof BadGateway) return [502, '502 Bad Gateway\n'];
  if (err instanceof GatewayTimeout || codeOf(err) === 'deadline_exceeded')
    return [504, '504 Gateway Timeout\n'];
  const status = defaultErrorStatus(err);
  return [status, `${status} ${err instanceof Error ? err.message : String(err)}\n`];
}

function incomingHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const drop = hopHeaders(req.headers['connection']);
  const out: Record<string, string | string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (drop.has(name)) continue;
    const value = raw[i + 1] as string;
    const prior = out[name];
    if (prior === undefined) out[name] = value;
    else if (typeof prior === 'string') out[name] = [prior, value];
    else prior.push(value);
  }
  return out;
}

function requestTimeout(
  connect: string | string[] | undefined,
  grpc: string | string[] | undefined,
): number | undefined {
  const c = parseTimeout(typeof connect === 'string' ? connect : undefined);
  const g = parseGrpcTimeout(typeof grpc === 'string' ? grpc : undefined);
  if (c === undefined) return g;
  return g === undefined || c < g ? c : g;
}

/** remoteOf is the client's IP under the Fetch face, from the runtime's peer info. */
function remoteOf(info: unknown, request: Request): string {
  const i = info as
    | { requestIP?: (r: Request) => { address: string } | null; remoteAddr?: { hostname?: string } }
    | undefined
    | null;
  if (i === undefined || i === null) return '';
  if (typeof i.requestIP === 'function') return i.requestIP(request)?.address ?? '';
  return i.remoteAddr?.hostname ?? '';
}

function handle(handler: ErrorHandler | undefined, ctx: Context, err: unknown): void {
  if (handler === undefined) return;
  try {
    handler(ctx, err);
  } catch {
    // An error handler must not throw.
  }
}
