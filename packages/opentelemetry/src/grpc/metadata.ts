import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { Metadata } from '@grpc/grpc-js';

/** metadataGetter reads propagation fields from gRPC metadata (text values only). */
export const metadataGetter: TextMapGetter<Metadata> = {
  get(md, key) {
    const values = md.get(key);
    if (values.length === 0) return undefined;
    const text = values.filter((v): v is string => typeof v === 'string');
    return text.length === 0 ? undefined : text.length === 1 ? text[0] : text;
  },
  keys(md) {
    return Object.keys(md.getMap());
  },
};

/** metadataSetter writes propagation fields into gRPC metadata. */
export const metadataSetter: TextMapSetter<Metadata> = {
  set(md, key, value) {
    md.set(key, value);
  },
};
