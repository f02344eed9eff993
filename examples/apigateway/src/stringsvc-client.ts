import type { Context } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { createClient } from '@svckit/core/transport/http';
import type { ClientOptions, ClientRequest, ClientResponse } from '@svckit/core/transport/http';
import { goCodec, uppercaseResponse } from '@svckit/example-stringsvc1';
import type {
  CountRequest,
  CountResponse,
  Endpoints,
  UppercaseRequest,
  UppercaseResponse,
} from '@svckit/example-stringsvc1';

/** UpstreamError is an answer of a stringsvc instance that is not stringsvc's JSON. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

const encode = (_ctx: Context, req: ClientRequest, request: { s: string }): void => {
  req.body = goCodec.encode({ s: request.s });
};

async function decodeObject(res: ClientResponse): Promise<Record<string, unknown>> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError(`${res.url}: status ${res.status}, not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError(`${res.url}: status ${res.status}, not a JSON object`);
  }
  return body as Record<string, unknown>;
}

/**
 * stringsvcClient returns the endpoints of one stringsvc instance (`host:port`), as Go kit's
 * apigateway builds them: `POST /uppercase` and `POST /count`, with stringsvc's JSON
 * (`{"s"}` in, `{"v","err"}` out; a business error travels in `err`).
 */
export function stringsvcClient(instance: string, options: ClientOptions = {}): Endpoints {
  const base = `http://${instance}`;
  const uppercase: Endpoint<UppercaseRequest, UppercaseResponse> = createClient(
    'POST',
    `${base}/uppercase`,
    encode,
    async (_ctx, res) => {
      const body = await decodeObject(res);
      const v = typeof body['v'] === 'string' ? body['v'] : '';
      const err = typeof body['err'] === 'string' ? body['err'] : '';
      return err === '' ? uppercaseResponse(v) : uppercaseResponse(v, err);
    },
    options,
  );
  const count: Endpoint<CountRequest, CountResponse> = createClient(
    'POST',
    `${base}/count`,
    encode,
    async (_ctx, res) => {
      const body = await decodeObject(res);
      if (typeof body['v'] !== 'number') throw new UpstreamError(`${res.url}: no count`);
      return { v: body['v'] };
    },
    options,
  );
  return { uppercase, count };
}
