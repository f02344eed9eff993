import { STATUS_CODES } from 'node:http';
import { ServiceError } from '../../errors/index.js';
import { formatTimeout, parseTimeout, timeoutHeader } from '../headers.js';
import type { Server } from '../http/server.js';
import type { LambdaContext } from './context.js';
import type {
  AlbEvent,
  ApiGatewayEvent,
  ApiGatewayResult,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  HttpEvent,
  HttpResult,
} from './events.js';
import type { LambdaHandler } from './handler.js';

/** Kind is which of the HTTP events an invocation got. */
type Kind = 'v1' | 'v2' | 'alb';

/**
 * httpHandler runs an svckit HTTP {@link Server} (a `createServer` server, a router) on Lambda
 * unchanged, behind API Gateway REST APIs (payload format 1.0), HTTP APIs (format 2.0) or an
 * Application Load Balancer: each event becomes a Web `Request` for the server's `fetch` face
 * (method, path and query, every header value, HTTP API cookies as `Cookie`, base64 bodies
 * decoded, the source IP as the remote address) and its `Response` the result the event's
 * source expects (every `Set-Cookie` kept: `multiValueHeaders` for REST APIs, `cookies` for HTTP
 * APIs, ALB's `multiValueHeaders` when the target group has them on; binary bodies base64).
 * The invocation's remaining time goes to the server as the `Connect-Timeout-Ms` deadline,
 * unless the caller sent a shorter one. An event of another shape is refused with an
 * `invalid_argument` error naming what is missing.
 *
 * @example
 * export const handler = httpHandler(createRouter().get('/health', health));
 */
export function httpHandler(server: Server): LambdaHandler<HttpEvent, HttpResult> {
  return async (event, context) => {
    const kind = kindOf(event);
    const request = toRequest(kind, event, context);
    const peer = sourceIp(kind, event);
    const response = await server.fetch(
      request,
      peer === undefined ? undefined : { remoteAddr: { hostname: peer, port: 0 } },
    );
    return toResult(kind, event, response);
  };
}

function kindOf(event: unknown): Kind {
  if (typeof event !== 'object' || event === null) {
    throw invalid(`the event is ${event === null ? 'null' : typeof event}`);
  }
  const e = event as Record<string, unknown>;
  const rc = e['requestContext'] as Record<string, unknown> | undefined;
  if (e['version'] === '2.0') {
    const http = (rc as { http?: { method?: unknown } } | undefined)?.http;
    if (typeof http?.method !== 'string')
      throw invalid('a 2.0 event without requestContext.http.method');
    if (typeof e['rawPath'] !== 'string') throw invalid('a 2.0 event without rawPath');
    return 'v2';
  }
  if (typeof e['httpMethod'] !== 'string') throw invalid('no httpMethod (nor version 2.0)');
  if (typeof e['path'] !== 'string') throw invalid('no path');
  return typeof rc === 'object' && rc !== null && rc['elb'] !== undefined ? 'alb' : 'v1';
}

function invalid(why: string): ServiceError {
  return new ServiceError(
    'invalid_argument',
    `awslambda: not an API Gateway or ALB HTTP event: ${why}`,
    { reason: 'BAD_EVENT' },
  );
}

function toRequest(kind: Kind, event: HttpEvent, context: LambdaContext | undefined): Request {
  const headers = new Headers();
  let method: string;
  let target: string;
  if (kind === 'v2') {
    const e = event as ApiGatewayV2Event;
    method = e.requestContext.http.method;
    for (const [k, v] of Object.entries(e.headers ?? {})) if (v !== undefined) headers.set(k, v);
    if (e.cookies !== undefined && e.cookies.length > 0)
      headers.set('cookie', e.cookies.join('; '));
    target = e.rawPath + (e.rawQueryString ? `?${e.rawQueryString}` : '');
  } else {
    const e = event as ApiGatewayEvent | AlbEvent;
    method = e.httpMethod;
    const multi = e.multiValueHeaders;
    if (multi) {
      for (const [k, vs] of Object.entries(multi)) for (const v of vs ?? []) headers.append(k, v);
    }
    for (const [k, v] of Object.entries(e.headers ?? {})) {
      if (v !== undefined && !headers.has(k)) headers.set(k, v);
    }
    target = e.path + queryOf(e, kind === 'v1');
  }
  const host = headers.get('host') ?? domainOf(event) ?? 'lambda.invalid';
  const proto = headers.get('x-forwarded-proto') ?? 'https';
  if (context !== undefined && typeof context.getRemainingTimeInMillis === 'function') {
    const left = context.getRemainingTimeInMillis();
    const asked = parseTimeout(headers.get(timeoutHeader) ?? undefined);
    if (Number.isFinite(left) && !(asked !== undefined && asked <= left)) {
      headers.set(timeoutHeader, formatTimeout(left));
    }
  }
  const raw = (event as { body?: string | null }).body;
  let body: BodyInit | undefined;
  if (typeof raw === 'string' && raw !== '' && method !== 'GET' && method !== 'HEAD') {
    body = (event as { isBase64Encoded?: boolean }).isBase64Encoded
      ? new Uint8Array(Buffer.from(raw, 'base64'))
      : raw;
  }
  return new Request(`${proto}://${host}${target.startsWith('/') ? target : `/${target}`}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/**
 * queryOf rebuilds the query string. API Gateway REST APIs hand over decoded values (encode
 * them again); an ALB passes them as the client sent them.
 */
function queryOf(e: ApiGatewayEvent | AlbEvent, decoded: boolean): string {
  const enc = decoded ? encodeURIComponent : (s: string) => s;
  const parts: string[] = [];
  const multi = e.multiValueQueryStringParameters;
  if (multi) {
    for (const [k, vs] of Object.entries(multi))
      for (const v of vs ?? []) parts.push(`${enc(k)}=${enc(v)}`);
  } else {
    for (const [k, v] of Object.entries(e.queryStringParameters ?? {})) {
      if (v !== undefined) parts.push(`${enc(k)}=${enc(v)}`);
    }
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function domainOf(event: HttpEvent): string | undefined {
  const d = (event.requestContext as { domainName?: unknown } | undefined)?.domainName;
  return typeof d === 'string' ? d : undefined;
}

function sourceIp(kind: Kind, event: HttpEvent): string | undefined {
  if (kind === 'v2') return (event as ApiGatewayV2Event).requestContext.http.sourceIp;
  if (kind === 'v1') return (event as ApiGatewayEvent).requestContext?.identity?.sourceIp;
  const xff = (event as AlbEvent).headers?.['x-forwarded-for'];
  return xff?.split(',')[0]?.trim();
}

const textual =
  /^(?:text\/|application\/(?:json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(?:json|xml))/i;

async function toResult(kind: Kind, event: HttpEvent, response: Response): Promise<HttpResult> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const binary =
    bytes.length > 0 &&
    (response.headers.has('content-encoding') || !(type === '' || textual.test(type)));
  const body = binary ? bytes.toString('base64') : bytes.toString('utf8');
  const cookies = response.headers.getSetCookie();
  const single: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') single[name] = value;
  });
  const statusCode = response.status;
  if (kind === 'v2') {
    const result: ApiGatewayV2Result = {
      statusCode,
      headers: single,
      body,
      isBase64Encoded: binary,
    };
    if (cookies.length > 0) result.cookies = cookies;
    return result;
  }
  const result: ApiGatewayResult = { statusCode, body, isBase64Encoded: binary };
  if (kind === 'alb') {
    result.statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trimEnd();
    if ((event as AlbEvent).multiValueHeaders !== undefined) {
      const multi: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(single)) multi[k] = [v];
      if (cookies.length > 0) multi['set-cookie'] = cookies;
      result.multiValueHeaders = multi;
    } else {
      // Without multi-value headers an ALB takes one value per name: the first cookie.
      if (cookies.length > 0) single['set-cookie'] = cookies[0] as string;
      result.headers = single;
    }
    return result;
  }
  result.headers = single;
  if (cookies.length > 0) result.multiValueHeaders = { 'set-cookie': cookies };
  return result;
}
