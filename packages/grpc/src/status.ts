import {
  create,
  createRegistry,
  fromBinary,
  fromJson,
  isMessage,
  toBinary,
  toJson,
} from '@bufbuild/protobuf';
import type { DescMessage, JsonValue, Message, Registry } from '@bufbuild/protobuf';
import {
  AnySchema,
  StructSchema,
  ValueSchema,
  anyPack,
  anyUnpack,
  durationFromMs,
  durationMs,
  file_google_protobuf_duration,
  file_google_protobuf_struct,
} from '@bufbuild/protobuf/wkt';
import type { Any } from '@bufbuild/protobuf/wkt';
import { Metadata } from '@grpc/grpc-js';
import type { ServiceError as GrpcError, StatusObject } from '@grpc/grpc-js';
import { DeadlineExceededError } from '@svckit/core/context';
import {
  ServiceError,
  codeFromNumber,
  codeNumber,
  codeOf,
  reasonOf,
  retryAfterMs,
} from '@svckit/core/errors';
import type { Code } from '@svckit/core/errors';
import {
  ErrorInfoSchema,
  RetryInfoSchema,
  file_google_rpc_error_details,
} from './gen/google/rpc/error_details_pb.js';
import type { ErrorInfo, RetryInfo } from './gen/google/rpc/error_details_pb.js';
import { StatusSchema } from './gen/google/rpc/status_pb.js';

/** statusDetailsKey is the trailer carrying a serialized `google.rpc.Status`. */
export const statusDetailsKey = 'grpc-status-details-bin';

/** pushbackKey is gRPC's retry pushback trailer: ms before a retry may succeed. */
export const pushbackKey = 'grpc-retry-pushback-ms';

/**
 * errorDetailsRegistry knows the detail messages every gRPC stack shares: Google's
 * `google.rpc` error details (ErrorInfo, RetryInfo, BadRequest, QuotaFailure, ...) and the
 * well-known `Struct`, `Value` and `Duration`. Servers pack and clients unpack details with it
 * plus the server's or client's own `registry`.
 */
export const errorDetailsRegistry: Registry = createRegistry(
  file_google_rpc_error_details,
  file_google_protobuf_struct,
  file_google_protobuf_duration,
);

/** registryWith returns the error-details registry extended with the user's types. */
export function registryWith(extra: Registry | undefined): Registry {
  return extra === undefined ? errorDetailsRegistry : createRegistry(errorDetailsRegistry, extra);
}

/** messageText is the status message of a thrown value: its message, or its string form. */
function messageText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** packDetail turns one `ServiceError` detail into an `Any`, or undefined if it cannot travel. */
function packDetail(detail: unknown, registry: Registry): Any | undefined {
  if (isMessage(detail)) {
    if (isMessage(detail, AnySchema)) return detail;
    const schema: DescMessage | undefined = registry.getMessage(detail.$typeName);
    return schema === undefined ? undefined : anyPack(schema, detail);
  }
  try {
    const json = detail as JsonValue;
    if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) {
      return anyPack(StructSchema, fromJson(StructSchema, json));
    }
    return anyPack(ValueSchema, fromJson(ValueSchema, json));
  } catch {
    return undefined; // not JSON (a function, a bigint, a cycle): it cannot travel
  }
}

/**
 * toStatus is the gRPC status an error is answered with: `code` (the server's table chose
 * it), the error's message, and — when the error carries any — its details as a
 * `google.rpc.Status` in `grpc-status-details-bin`: each `ServiceError` detail packed as an
 * `Any` (a protobuf message of a type the registry knows, or plain JSON as a
 * `google.protobuf.Struct`/`Value`), its `reason` as an `ErrorInfo` and its `retryAfterMs` as a
 * `RetryInfo` (and the `grpc-retry-pushback-ms` trailer).
 */
export function toStatus(err: unknown, code: Code, registry: Registry): Partial<StatusObject> {
  const message = messageText(err);
  const number = codeNumber(code);
  const status: Partial<StatusObject> = { code: number, details: message };
  const details = (err as { details?: unknown } | null)?.details;
  const reason = reasonOf(err);
  const retryMs = retryAfterMs(err);
  const packed: Any[] = [];
  let hasInfo = false;
  let hasRetry = false;
  if (Array.isArray(details)) {
    for (const detail of details as unknown[]) {
      const any = packDetail(detail, registry);
      if (any === undefined) continue;
      packed.push(any);
      if (any.typeUrl.endsWith('/google.rpc.ErrorInfo')) hasInfo = true;
      if (any.typeUrl.endsWith('/google.rpc.RetryInfo')) hasRetry = true;
    }
  }
  if (reason !== undefined && !hasInfo) {
    packed.push(anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason })));
  }
  if (retryMs !== undefined && !hasRetry) {
    const retryDelay = durationFromMs(Math.round(retryMs));
    packed.push(anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay })));
  }
  if (packed.length === 0 && retryMs === undefined) return status;
  const trailer = new Metadata();
  if (packed.length > 0) {
    const body = create(StatusSchema, { code: number, message, details: packed });
    trailer.set(statusDetailsKey, Buffer.from(toBinary(StatusSchema, body)));
  }
  if (retryMs !== undefined) trailer.set(pushbackKey, String(Math.max(0, Math.round(retryMs))));
  status.metadata = trailer;
  return status;
}

/**
 * StatusError is what an svckit gRPC client rejects with when the server answers a status
 * other than OK: a `ServiceError` whose code is the status's (`codeFromNumber`), whose
 * message is the status message (`rate limit exceeded`, not grpc-js's
 * `2 UNKNOWN: rate limit exceeded`), whose `details` are the `google.rpc.Status` details
 * unpacked (messages of known types, plain JSON for `Struct`/`Value`, the `Any` itself for
 * types the client does not know), with `reason` from an `ErrorInfo` and `retryAfterMs` from a
 * `RetryInfo` or the `grpc-retry-pushback-ms` trailer. It keeps the status number and the
 * trailers; the grpc-js error is its `cause`.
 */
export class StatusError extends ServiceError {
  override readonly name = 'StatusError';
  /** status is the gRPC status number (2 for UNKNOWN). */
  readonly status: number;
  /** metadata are the trailers the server sent with the status. */
  readonly metadata: Metadata;
  constructor(
    status: number,
    message: string,
    metadata: Metadata,
    options: {
      details: readonly unknown[];
      reason: string | undefined;
      retryAfterMs: number | undefined;
      cause: unknown;
    },
  ) {
    super(codeFromNumber(status), message, options);
    this.status = status;
    this.metadata = metadata;
  }
}

/** unpackDetail turns one `Any` of a status into what a `ServiceError` detail holds. */
function unpackDetail(any: Any, registry: Registry): unknown {
  let message: Message | undefined;
  try {
    message = anyUnpack(any, registry);
  } catch {
    return any; // bytes that are not a valid message of the named type: keep them as sent
  }
  if (message === undefined) return any;
  if (isMessage(message, StructSchema)) return toJson(StructSchema, message);
  if (isMessage(message, ValueSchema)) return toJson(ValueSchema, message);
  return message;
}

/** parseDetails reads `grpc-status-details-bin`; a malformed one is ignored. */
function parseDetails(
  metadata: Metadata,
  code: number,
  registry: Registry,
): { details: unknown[]; reason: string | undefined; retryMs: number | undefined } {
  const out = {
    details: [] as unknown[],
    reason: undefined as string | undefined,
    retryMs: undefined as number | undefined,
  };
  const raw = metadata.get(statusDetailsKey)[0];
  if (raw === undefined || typeof raw === 'string') return out;
  let status;
  try {
    status = fromBinary(StatusSchema, raw);
  } catch {
    return out;
  }
  if (status.code !== code) return out; // not the status it claims to detail
  for (const any of status.details) {
    const detail = unpackDetail(any, registry);
    out.details.push(detail);
    if (isMessage(detail, ErrorInfoSchema)) out.reason ??= (detail as ErrorInfo).reason;
    if (isMessage(detail, RetryInfoSchema)) {
      const delay = (detail as RetryInfo).retryDelay;
      if (delay !== undefined) out.retryMs ??= durationMs(delay);
    }
  }
  return out;
}

/** pushbackMs reads `grpc-retry-pushback-ms`: a non-negative integer, else undefined. */
function pushbackMs(metadata: Metadata): number | undefined {
  const value = metadata.get(pushbackKey)[0];
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * fromGrpcError is the error a client rejects with for a failed call: the context's own
 * reason when the caller cancelled or its deadline passed, else a {@link StatusError}.
 */
export function fromGrpcError(
  err: GrpcError,
  signal: AbortSignal,
  deadline: number | undefined,
  registry: Registry,
): unknown {
  if (signal.aborted) return signal.reason;
  const metadata = err.metadata ?? new Metadata();
  const code = typeof err.code === 'number' ? err.code : 2;
  if (code === 4 && deadline !== undefined && deadline <= Date.now()) {
    return new DeadlineExceededError();
  }
  const { details, reason, retryMs } = parseDetails(metadata, code, registry);
  return new StatusError(code, err.details ?? err.message, metadata, {
    details,
    reason,
    retryAfterMs: retryMs ?? pushbackMs(metadata),
    cause: err,
  });
}

/** defaultErrorCode is the default error table of servers: `codeOf`. */
export const defaultErrorCode: (err: unknown) => Code = codeOf;
