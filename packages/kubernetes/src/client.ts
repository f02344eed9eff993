import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { ServiceError } from '@svckit/core/errors';

/** KubernetesClientOptions configures {@link createKubernetesClient}. */
export interface KubernetesClientOptions {
  /** server is the API server's URL (`https://10.96.0.1:443`). */
  server: string;
  /** token is a bearer token; `tokenFile` is read on every request instead (tokens rotate). */
  token?: string;
  tokenFile?: string;
  /** ca is the PEM of the CA that signed the API server's certificate. */
  ca?: string | Buffer;
  /** namespace is the default namespace of instancers. Default `default`. */
  namespace?: string;
  /** timeoutMs bounds a list and the silence of a watch beyond its own timeout. Default 30 000. */
  timeoutMs?: number;
  /** maxResponseBytes bounds a list answer and one watch event line. Default 32 MiB. */
  maxResponseBytes?: number;
}

/** KubernetesClient sends the list and watch requests of the instancer. */
export interface KubernetesClient {
  /** namespace is the default namespace. */
  readonly namespace: string;
  /** list GETs `path` and decodes its JSON; non-2xx rejects with a `ServiceError` carrying `status`. */
  list(path: string, signal: AbortSignal): Promise<unknown>;
  /**
   * watch GETs `path` (a `watch=1` URL) and calls `onEvent` with each decoded line; it resolves
   * when the stream ends, by the server or cut after it began (the caller resumes it); it
   * rejects when no stream begins (connection refused, a non-2xx status) or a line is bad.
   * A stream silent for `idleMs` (default the client's `timeoutMs`) is cut.
   */
  watch(
    path: string,
    onEvent: (event: unknown) => void,
    signal: AbortSignal,
    idleMs?: number,
  ): Promise<void>;
}

/** StatusError is a non-2xx answer of the API server; `status` is its HTTP status (410: too old). */
export class KubernetesStatusError extends ServiceError {
  override readonly name = 'KubernetesStatusError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(
      status === 404
        ? 'not_found'
        : status === 401 || status === 403
          ? 'permission_denied'
          : status === 410
            ? 'aborted'
            : status >= 500
              ? 'unavailable'
              : 'invalid_argument',
      message,
    );
    this.status = status;
  }
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * inClusterConfig reads the standard in-cluster configuration: the API server from
 * `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`, and from the service account's
 * directory (`/var/run/secrets/kubernetes.io/serviceaccount`) the token file (re-read on each
 * request, as tokens rotate), `ca.crt` and `namespace`. It throws a clear error outside a pod.
 */
export function inClusterConfig(
  options: { dir?: string; env?: NodeJS.ProcessEnv } = {},
): KubernetesClientOptions {
  const dir = options.dir ?? SERVICE_ACCOUNT_DIR;
  const env = options.env ?? process.env;
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  if (host === undefined || host === '') {
    throw new ServiceError(
      'failed_precondition',
      'kubernetes: not in a cluster (KUBERNETES_SERVICE_HOST unset)',
    );
  }
  let ca: Buffer;
  let namespace: string;
  try {
    ca = readFileSync(join(dir, 'ca.crt'));
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim();
    readFileSync(join(dir, 'token'));
  } catch (err) {
    throw new ServiceError('failed_precondition', `kubernetes: no service account in ${dir}`, {
      cause: err,
    });
  }
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { server, tokenFile: join(dir, 'token'), ca, namespace };
}

/**
 * createKubernetesClient returns a {@link KubernetesClient} for the API server (node:http or
 * node:https, the CA given; no dependency).
 *
 * @example
 * const k8s = createKubernetesClient(inClusterConfig());
 */
export function createKubernetesClient(options: KubernetesClientOptions): KubernetesClient {
  const server = new URL(options.server);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? 32 << 20;
  const token = (): string | undefined =>
    options.tokenFile !== undefined
      ? readFileSync(options.tokenFile, 'utf8').trim()
      : options.token;

  const open = (path: string, signal: AbortSignal, idleMs: number): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, server);
      const headers: Record<string, string> = { accept: 'application/json' };
      const bearer = token();
      if (bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        headers,
        signal,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
      });
      req.setTimeout(idleMs, () => req.destroy(new Error(`silent for ${idleMs} ms`)));
      req.on('response', resolve);
      req.on('error', (err) =>
        reject(
          new ServiceError('unavailable', `kubernetes: GET ${url.pathname}: ${err.message}`, {
            cause: err,
          }),
        ),
      );
      req.end();
    });

  const readAll = async (res: IncomingMessage): Promise<string> => {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        throw new ServiceError(
          'resource_exhausted',
          `kubernetes: an answer larger than ${maxBytes} bytes`,
        );
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  };

  const check = async (res: IncomingMessage, path: string): Promise<void> => {
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return;
    const text = await readAll(res).catch(() => '');
    throw new KubernetesStatusError(
      status,
      `kubernetes: GET ${path.split('?')[0]}: ${status} ${text.slice(0, 200)}`,
    );
  };

  return {
    namespace: options.namespace ?? 'default',
    async list(path, signal) {
      const res = await open(path, signal, timeoutMs);
      await check(res, path);
      const text = await readAll(res);
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new ServiceError(
          'internal',
          `kubernetes: GET ${path.split('?')[0]}: the answer is not JSON`,
          { cause: err },
        );
      }
    },
    async watch(path, onEvent, signal, idleMs = timeoutMs) {
      // The watch's own timeoutSeconds ends it; a stream silent beyond idleMs is dead.
      const res = await open(path, signal, idleMs);
      await check(res, path);
      let buffered = '';
      try {
        for await (const chunk of res as AsyncIterable<Buffer>) {
          buffered += chunk.toString('utf8');
          if (buffered.length > maxBytes)
            throw new ServiceError('resource_exhausted', 'kubernetes: a watch event too large');
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line === '') continue;
            let event: unknown;
            try {
              event = JSON.parse(line);
            } catch (err) {
              throw new ServiceError('internal', 'kubernetes: a watch line is not JSON', {
                cause: err,
              });
            }
            onEvent(event);
          }
        }
      } catch (err) {
        if (err instanceof ServiceError) throw err;
        if (signal.aborted) throw err;
        // The stream was cut after it began: the watch ended; the caller resumes it.
      }
    },
  };
}
