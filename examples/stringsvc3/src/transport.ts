/**
 * The client half of stringsvc3's HTTP transport (Go kit's `stringsvc3/transport.go`): the
 * request the proxy sends to another instance ({@link encodeRequest}) and the decoding of its
 * answer, whatever the status ({@link decodeUppercaseResponse}). The server half — routes,
 * request decoder, Go's encoding and 404 — is stringsvc1's (`@svckit/example-stringsvc1`).
 */
import type { Context } from '@svckit/core/context';
import type { ClientRequest, ClientResponse } from '@svckit/core/transport/http';
import { goCodec, jsonKind, uppercaseResponse } from '@svckit/example-stringsvc1';
import type { UppercaseRequest, UppercaseResponse } from '@svckit/example-stringsvc1';

/**
 * encodeRequest is Go kit's client `encodeRequest`: the request as Go's `json.Encoder` writes
 * it (`{"s":"..."}\n`, HTML-safe escapes), no Content-Type header (Go kit's stringsvc servers
 * never read one), and `Transfer-Encoding: chunked`, as Go sends a body of unknown length.
 * (Without the header, svckit's client would frame the GET body with a Content-Length.)
 */
export function encodeRequest(_ctx: Context, req: ClientRequest, request: UppercaseRequest): void {
  req.headers['transfer-encoding'] = 'chunked';
  req.body = goCodec.encode({ s: request.s });
}

/**
 * UpstreamResponseError is what {@link decodeUppercaseResponse} throws for an answer that is
 * not `{"v": string, "err"?: string}`: not JSON (an HTML error page, a proxy's 502, an empty
 * body) or JSON of the wrong shape. The status is named, since Go kit ignores it and a
 * non-JSON answer is usually explained by it.
 */
export class UpstreamResponseError extends Error {
  override readonly name = 'UpstreamResponseError';
  /** status is the HTTP status the upstream answered with. */
  readonly status: number;
  constructor(url: string, status: number, problem: string) {
    super(`${url}: undecodable response (status ${status}): ${problem}`);
    this.status = status;
  }
}

const maxQuoted = 64;

/**
 * decodeUppercaseResponse is Go kit's `decodeUppercaseResponse`: the status is ignored and the
 * body decoded as `{"v","err"}` as Go's encoding/json would (keys case-insensitive, unknown
 * keys ignored, `null` or missing give `''`). A body that is not such JSON rejects with an
 * {@link UpstreamResponseError}: a failed attempt for the breaker and the retry.
 */
export async function decodeUppercaseResponse(
  _ctx: Context,
  res: ClientResponse,
): Promise<UppercaseResponse> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const quoted = JSON.stringify(text.length > maxQuoted ? `${text.slice(0, maxQuoted)}…` : text);
    throw new UpstreamResponseError(res.url, res.status, `not JSON: ${quoted}`);
  }
  if (body === null) return uppercaseResponse('');
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new UpstreamResponseError(res.url, res.status, `a JSON ${jsonKind(body)}, not an object`);
  }
  let v = '';
  let err = '';
  for (const key in body) {
    const lower = key.toLowerCase();
    if (lower !== 'v' && lower !== 'err') continue;
    const value = (body as Record<string, unknown>)[key];
    if (value === null) continue;
    if (typeof value !== 'string') {
      throw new UpstreamResponseError(
        res.url,
        res.status,
        `field ${lower} is a JSON ${jsonKind(value)}`,
      );
    }
    if (lower === 'v') v = value;
    else err = value;
  }
  return uppercaseResponse(v, err === '' ? undefined : err);
}
