import { Metadata } from '@grpc/grpc-js';
import type { MetadataValue } from '@grpc/grpc-js';
import type { Context } from '@svckit/core/context';

const binSuffix = '-bin';

/**
 * encodeKeyValue sanitizes a key-value pair for gRPC metadata (Go kit's `EncodeKeyValue`): the
 * key is lower-cased; for a key ending in `-bin` a string value is base64-encoded and carried
 * as the binary header's bytes — exactly what Go kit's helper does, so Go kit's
 * `DecodeKeyValue` (and {@link decodeKeyValue}) read the original text back. Bytes
 * (`Uint8Array`) for a `-bin` key are sent as they are, without that extra layer.
 */
export function encodeKeyValue(key: string, value: string | Uint8Array): [string, MetadataValue] {
  const k = key.toLowerCase();
  if (!k.endsWith(binSuffix)) {
    return [k, typeof value === 'string' ? value : Buffer.from(value).toString('utf8')];
  }
  if (typeof value !== 'string') return [k, Buffer.from(value)];
  return [k, Buffer.from(Buffer.from(value, 'utf8').toString('base64'), 'latin1')];
}

/**
 * decodeKeyValue is the inverse of {@link encodeKeyValue} for one received value (Go kit's
 * `DecodeKeyValue`): the key lower-cased; a `-bin` value holding base64 text is decoded to the
 * text it carries (Go kit's convention), any other `-bin` value is returned as base64 of its
 * bytes.
 */
export function decodeKeyValue(key: string, value: MetadataValue): [string, string] {
  const k = key.toLowerCase();
  if (typeof value === 'string') return [k, value];
  const text = value.toString('latin1');
  if (k.endsWith(binSuffix) && /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0) {
    return [k, Buffer.from(text, 'base64').toString('utf8')];
  }
  return [k, value.toString('base64')];
}

/**
 * setRequestHeader returns a client `before` hook adding `key: value` to every call's outgoing
 * metadata (Go kit's `SetRequestHeader`), through {@link encodeKeyValue}. Several hooks for
 * one key send every value.
 */
export function setRequestHeader(
  key: string,
  value: string | Uint8Array,
): (ctx: Context, md: Metadata) => Context {
  const [k, v] = encodeKeyValue(key, value);
  return (ctx, md) => {
    md.add(k, v);
    return ctx;
  };
}

/**
 * setResponseHeader returns a server `after` hook adding `key: value` to the response header
 * metadata (Go kit's `SetResponseHeader`).
 */
export function setResponseHeader(
  key: string,
  value: string | Uint8Array,
): (ctx: Context, header: Metadata, trailer: Metadata) => Context {
  const [k, v] = encodeKeyValue(key, value);
  return (ctx, header) => {
    header.add(k, v);
    return ctx;
  };
}

/**
 * setResponseTrailer returns a server `after` hook adding `key: value` to the trailer
 * metadata (Go kit's `SetResponseTrailer`).
 */
export function setResponseTrailer(
  key: string,
  value: string | Uint8Array,
): (ctx: Context, header: Metadata, trailer: Metadata) => Context {
  const [k, v] = encodeKeyValue(key, value);
  return (ctx, _header, trailer) => {
    trailer.add(k, v);
    return ctx;
  };
}

/**
 * metadataRecord returns every entry of md as lower-case keys to all their values, each decoded
 * with {@link decodeKeyValue}. Every value of a multi-valued key is sent; on receipt, Node's
 * HTTP/2 joins repeated text fields into one `"a, b"` value (HTTP's list form), while `-bin`
 * values stay separate.
 */
export function metadataRecord(md: Metadata): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const map = md.toJSON() as Record<string, MetadataValue[]>;
  for (const key of Object.keys(map)) {
    out[key] = (map[key] ?? []).map((v) => decodeKeyValue(key, v)[1]);
  }
  return out;
}

/**
 * metadataOf builds outgoing metadata from a record (`{ 'x-id': '1', 'x-tag': ['a', 'b'] }`),
 * keys lower-cased and values encoded with {@link encodeKeyValue}.
 */
export function metadataOf(record: Readonly<Record<string, string | readonly string[]>>): Metadata {
  const md = new Metadata();
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) md.add(...encodeKeyValue(key, v));
  }
  return md;
}

/** isEmpty reports whether md has no entry (grpc-js has no size accessor). */
export function isEmpty(md: Metadata): boolean {
  for (const _ in md.toJSON()) return false;
  return true;
}
