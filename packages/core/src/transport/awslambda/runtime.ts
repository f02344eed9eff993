import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { LambdaContext } from './context.js';
import type { LambdaHandler } from './handler.js';

/** StartOptions tune {@link start}; all optional. */
export interface StartOptions {
  /** api is the runtime API's `host:port`. Default: `AWS_LAMBDA_RUNTIME_API` from the environment. */
  readonly api?: string;
  /** signal stops the loop: the pending wait for the next invocation is dropped. */
  readonly signal?: AbortSignal;
  /** env is where the function's settings are read from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** InvocationContext is the {@link LambdaContext} {@link start} builds per invocation. */
export interface InvocationContext extends LambdaContext {
  /** clientContext and identity are the mobile SDK's, as JSON, when the invoker sent them. */
  readonly clientContext: unknown;
  readonly identity: unknown;
}

const base = '/2018-06-01/runtime';

/**
 * start runs handler in a custom runtime (aws-lambda-go's `lambda.Start`, which Go kit's
 * `awslambda` handlers are given to): it long-polls the Lambda runtime API
 * (`GET /2018-06-01/runtime/invocation/next`), calls handler with the event and a context
 * whose `getRemainingTimeInMillis()` counts down to `Lambda-Runtime-Deadline-Ms`, and posts
 * the result as JSON to `/invocation/<id>/response`, or an error (`errorMessage`,
 * `errorType`, `stackTrace`; `Lambda-Runtime-Function-Error-Type: Unhandled`) to
 * `/invocation/<id>/error` — also when the result cannot be serialised or is over the API's
 * payload limit (413). A failing invocation never stops the loop; `options.signal` does (what
 * is in flight is dropped, and the returned promise resolves); the runtime API failing rejects
 * it. The
 * trace id is set as `_X_AMZN_TRACE_ID`, as AWS's runtimes do. Needed only where AWS's own
 * Node.js runtime is not used (a container image, Bun, `provided.al2023`); with the managed
 * runtime, export the handler itself.
 *
 * @example
 * await start(httpHandler(router)); // in a provided.al2023 bootstrap
 */
export async function start<Event, Result>(
  handler: LambdaHandler<Event, Result>,
  options: StartOptions = {},
): Promise<void> {
  const env = options.env ?? process.env;
  const api = options.api ?? env['AWS_LAMBDA_RUNTIME_API'];
  if (api === undefined || api === '') {
    throw new TypeError('awslambda start: no runtime API (AWS_LAMBDA_RUNTIME_API is not set)');
  }
  const signal = options.signal;
  const stopped = (): boolean => signal?.aborted === true;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ) => send(api, agent, method, path, body, headers, signal);
  try {
    if (typeof handler !== 'function') {
      await call(
        'POST',
        `${base}/init/error`,
        errorBody(new TypeError('the handler is not a function')),
        {
          'lambda-runtime-function-error-type': 'Runtime.HandlerNotFound',
        },
      );
      return;
    }
    while (!stopped()) {
      const next = await call('GET', `${base}/invocation/next`);
      const h = next.headers;
      const id = header(h, 'lambda-runtime-aws-request-id');
      if (next.status !== 200 || id === undefined) {
        throw new Error(
          `awslambda start: the runtime API answered ${next.status} to next: ${next.body}`,
        );
      }
      const deadline = Number(header(h, 'lambda-runtime-deadline-ms'));
      const trace = header(h, 'lambda-runtime-trace-id');
      if (trace !== undefined) env['_X_AMZN_TRACE_ID'] = trace;
      const context: InvocationContext = {
        awsRequestId: id,
        invokedFunctionArn: header(h, 'lambda-runtime-invoked-function-arn') ?? '',
        functionName: env['AWS_LAMBDA_FUNCTION_NAME'] ?? '',
        functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'] ?? '',
        memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] ?? '',
        logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'] ?? '',
        logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'] ?? '',
        clientContext: json(header(h, 'lambda-runtime-client-context')),
        identity: json(header(h, 'lambda-runtime-cognito-identity')),
        getRemainingTimeInMillis: () =>
          Number.isFinite(deadline) ? Math.max(0, deadline - Date.now()) : Infinity,
      };
      const path = `${base}/invocation/${encodeURIComponent(id)}`;
      let failure: { body: string; type: string } | undefined;
      let payload = 'null';
      try {
        const event: unknown = next.body === '' ? undefined : JSON.parse(next.body);
        payload = JSON.stringify(await handler(event as Event, context)) ?? 'null';
      } catch (err) {
        failure = { body: errorBody(err), type: 'Unhandled' };
      }
      if (failure === undefined) {
        const posted = await call('POST', `${path}/response`, payload, {
          'content-type': 'application/json',
        });
        if (posted.status === 413) {
          const err = Object.assign(
            new Error(`response payload of ${Buffer.byteLength(payload)} bytes is over the limit`),
            {
              name: 'Function.ResponseSizeTooLarge',
            },
          );
          failure = { body: errorBody(err), type: 'Function.ResponseSizeTooLarge' };
        }
      }
      if (failure !== undefined) {
        await call('POST', `${path}/error`, failure.body, {
          'content-type': 'application/json',
          'lambda-runtime-function-error-type': failure.type,
        });
      }
    }
  } catch (err) {
    // Stopping aborts what is in flight: the wait for the next event, or a post.
    if (!stopped()) throw err;
  } finally {
    agent.destroy();
  }
}

/** errorBody is the runtime API's error document for err. */
function errorBody(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const stack = (e.stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
  return JSON.stringify({ errorMessage: e.message, errorType: e.name, stackTrace: stack });
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function json(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function send(
  api: string,
  agent: Agent,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<Reply> {
  const colon = api.lastIndexOf(':');
  const host = colon < 0 ? api : api.slice(0, colon);
  const port = colon < 0 ? 80 : Number(api.slice(colon + 1));
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      {
        host: host.startsWith('[') ? host.slice(1, -1) : host,
        port,
        method,
        path,
        agent,
        headers:
          body === undefined
            ? headers
            : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(signal === undefined ? {} : { signal }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
