import { ChannelCredentials, Client, ServerCredentials } from '@grpc/grpc-js';
import type { ChannelOptions } from '@grpc/grpc-js';

/** Pem is PEM text or its bytes. */
export type Pem = string | Buffer;

const pem = (value: Pem): Buffer => (typeof value === 'string' ? Buffer.from(value) : value);

/** ServerTlsOptions are a server's TLS credentials. */
export interface ServerTlsOptions {
  /** key is the server's private key (PEM). */
  readonly key: Pem;
  /** cert is the server's certificate chain (PEM). */
  readonly cert: Pem;
  /**
   * clientCA is the CA that signs client certificates (PEM): with it, the server asks clients
   * for a certificate and verifies it (mutual TLS).
   */
  readonly clientCA?: Pem;
  /**
   * requireClientCert refuses clients without a valid certificate. Default: true when
   * `clientCA` is given.
   */
  readonly requireClientCert?: boolean;
}

/**
 * serverCredentials returns a server's credentials: TLS with `tls`, mutual TLS when it has a
 * `clientCA`, insecure (plaintext HTTP/2) without `tls`.
 *
 * @example
 * await listen(server, '0.0.0.0:8443', serverCredentials({ key, cert, clientCA: ca }));
 */
export function serverCredentials(tls?: ServerTlsOptions): ServerCredentials {
  if (tls === undefined) return ServerCredentials.createInsecure();
  const ca = tls.clientCA === undefined ? null : pem(tls.clientCA);
  return ServerCredentials.createSsl(
    ca,
    [{ private_key: pem(tls.key), cert_chain: pem(tls.cert) }],
    tls.requireClientCert ?? ca !== null,
  );
}

/** ClientTlsOptions are a client's TLS settings. */
export interface ClientTlsOptions {
  /** ca verifies the server's certificate (PEM). Default: Node's trusted roots. */
  readonly ca?: Pem;
  /** key is the client's private key, for mutual TLS (PEM). */
  readonly key?: Pem;
  /** cert is the client's certificate chain, for mutual TLS (PEM). */
  readonly cert?: Pem;
  /** serverName is the name to verify the server's certificate against, if not the target's host. */
  readonly serverName?: string;
}

/** DialOptions configure {@link dial}. */
export interface DialOptions {
  /** tls turns on TLS (mutual TLS with `key` and `cert`). Default: plaintext. */
  readonly tls?: ClientTlsOptions;
  /** credentials are grpc-js channel credentials, instead of `tls`. */
  readonly credentials?: ChannelCredentials;
  /** channelOptions are grpc-js channel options (`grpc.max_receive_message_length`, ...). */
  readonly channelOptions?: ChannelOptions;
}

/**
 * dial returns a `grpc.Client` for `target` (`host:port`, or any grpc-js target such as
 * `dns:///svc:443`): one channel, shared by every {@link createClient} built on it (Go kit's
 * `*grpc.ClientConn`). Plaintext unless `tls` or `credentials` are given. Close it with
 * `close()`.
 *
 * @example
 * const conn = dial('127.0.0.1:8082');
 * const sum = createClient(conn, Add.method.sum, encode, decode);
 */
export function dial(target: string, options: DialOptions = {}): Client {
  if (options.tls !== undefined && options.credentials !== undefined) {
    throw new TypeError('dial: give tls or credentials, not both');
  }
  const tls = options.tls;
  const channelOptions: ChannelOptions = { ...options.channelOptions };
  let credentials = options.credentials;
  if (credentials === undefined && tls !== undefined) {
    credentials = ChannelCredentials.createSsl(
      tls.ca === undefined ? null : pem(tls.ca),
      tls.key === undefined ? null : pem(tls.key),
      tls.cert === undefined ? null : pem(tls.cert),
    );
    if (tls.serverName !== undefined) {
      channelOptions['grpc.ssl_target_name_override'] = tls.serverName;
      channelOptions['grpc.default_authority'] = tls.serverName;
    }
  }
  return new Client(target, credentials ?? ChannelCredentials.createInsecure(), channelOptions);
}
