/**
 * A protocol-faithful double of the AWS Lambda runtime API (no package here ships AWS's
 * emulator), after AWS's documentation of the API (2018-06-01): `GET
 * /2018-06-01/runtime/invocation/next` long-polls until an invocation is queued and answers the
 * event with the `Lambda-Runtime-*` headers; `POST /invocation/<id>/response` takes the result
 * (202; 413 `RequestEntityTooLarge` over 6 MB; 400 `InvalidRequestID` for an unknown id, 403
 * `InvalidStateTransition` for one already answered); `POST /invocation/<id>/error` takes an
 * error document with `Lambda-Runtime-Function-Error-Type`; `POST /runtime/init/error` an init
 * error. Tests queue invocations with `invoke` and read what the runtime answered.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Outcome is how an invocation ended, as the runtime API saw it. */
export type Outcome =
  | { readonly kind: 'response'; readonly payload: string }
  | {
      readonly kind: 'error';
      readonly errorType: string | undefined;
      readonly body: { errorMessage?: string; errorType?: string; stackTrace?: string[] };
    }
  | { readonly kind: 'timeout' };

interface Pending {
  readonly id: string;
  readonly event: string;
  readonly deadline: number;
  readonly traceId: string;
  readonly clientContext: string | undefined;
  resolve(outcome: Outcome): void;
}

/** RuntimeApi is a running double. */
export interface RuntimeApi {
  /** api is `127.0.0.1:<port>`, the value of AWS_LAMBDA_RUNTIME_API. */
  readonly api: string;
  /** invoke queues an event and resolves with how the invocation ended. */
  invoke(
    event: unknown,
    options?: { timeoutMs?: number; raw?: string; clientContext?: unknown },
  ): Promise<Outcome>;
  /** initErrors are the init errors posted. */
  readonly initErrors: unknown[];
  /** nextCalls counts the `next` requests received. */
  nextCalls: number;
  close(): Promise<void>;
}

const maxPayload = 6 * 1024 * 1024;

/** startRuntimeApi starts the double on a free port of 127.0.0.1. */
export async function startRuntimeApi(): Promise<RuntimeApi> {
  const queue: Pending[] = [];
  const waiting: ServerResponse[] = [];
  const inFlight = new Map<string, Pending>();
  const done = new Set<string>();
  const initErrors: unknown[] = [];

  const deliver = (res: ServerResponse, p: Pending): void => {
    inFlight.set(p.id, p);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': p.id,
      'lambda-runtime-deadline-ms': String(p.deadline),
      'lambda-runtime-invoked-function-arn':
        'arn:aws:lambda:us-east-1:123456789012:function:svckit',
      'lambda-runtime-trace-id': p.traceId,
    };
    if (p.clientContext !== undefined) headers['lambda-runtime-client-context'] = p.clientContext;
    res.writeHead(200, headers);
    res.end(p.event);
  };

  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === '/2018-06-01/runtime/invocation/next') {
      api.nextCalls++;
      const p = queue.shift();
      if (p !== undefined) deliver(res, p);
      else waiting.push(res);
      return;
    }
    if (req.method === 'POST' && url === '/2018-06-01/runtime/init/error') {
      initErrors.push(JSON.parse(body.toString('utf8')));
      return answer(res, 202, { status: 'OK' });
    }
    const m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method !== 'POST' || m === null) return answer(res, 404, { errorMessage: 'not found' });
    const id = decodeURIComponent(m[1] as string);
    const p = inFlight.get(id);
    if (p === undefined) {
      if (done.has(id)) {
        return answer(res, 403, {
          errorMessage: 'Invalid state transition',
          errorType: 'InvalidStateTransition',
        });
      }
      return answer(res, 400, {
        errorMessage: 'Invalid request ID',
        errorType: 'InvalidRequestID',
      });
    }
    if (m[2] === 'response') {
      if (body.length > maxPayload) {
        return answer(res, 413, {
          errorMessage: `Exceeded maximum allowed payload size (${maxPayload} bytes).`,
          errorType: 'RequestEntityTooLarge',
        });
      }
      inFlight.delete(id);
      done.add(id);
      p.resolve({ kind: 'response', payload: body.toString('utf8') });
      return answer(res, 202, { status: 'OK' });
    }
    inFlight.delete(id);
    done.add(id);
    const type = req.headers['lambda-runtime-function-error-type'];
    p.resolve({
      kind: 'error',
      errorType: Array.isArray(type) ? type[0] : type,
      body: JSON.parse(body.toString('utf8')) as { errorMessage?: string },
    });
    return answer(res, 202, { status: 'OK' });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const api: RuntimeApi = {
    api: `127.0.0.1:${port}`,
    initErrors,
    nextCalls: 0,
    invoke(event, options = {}) {
      return new Promise<Outcome>((resolve) => {
        const timeoutMs = options.timeoutMs ?? 3000;
        const p: Pending = {
          id: randomUUID(),
          event: options.raw ?? JSON.stringify(event),
          deadline: Date.now() + timeoutMs,
          traceId: `Root=1-${Date.now().toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Sampled=0`,
          clientContext:
            options.clientContext === undefined ? undefined : JSON.stringify(options.clientContext),
          resolve: (o) => {
            clearTimeout(timer);
            resolve(o);
          },
        };
        // Past the deadline, Lambda ends the invocation as timed out.
        const timer = setTimeout(() => {
          inFlight.delete(p.id);
          done.add(p.id);
          resolve({ kind: 'timeout' });
        }, timeoutMs + 200);
        const w = waiting.shift();
        if (w !== undefined) deliver(w, p);
        else queue.push(p);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return api;
}
