import type { Endpoint } from '../endpoint/index.js';
import type { Endpointer } from './endpointer.js';
import type { Instancer } from './event.js';
import { createInstanceCache } from './instance-cache.js';

/**
 * fixedInstancer returns an {@link Instancer} that always publishes the same instances, sorted
 * (Go kit's `sd.FixedInstancer`): for static configuration, tests, and local development.
 *
 * @example
 * const instancer = fixedInstancer(['10.0.0.1:8080', '10.0.0.2:8080']);
 */
export function fixedInstancer(instances: readonly string[]): Instancer {
  const cache = createInstanceCache();
  cache.update({ instances });
  return { register: cache.register, deregister: cache.deregister, stop: cache.stop };
}

/**
 * fixedEndpointer returns an {@link Endpointer} over a static list of endpoints (Go kit's
 * `sd.FixedEndpointer`); the list is copied once, so later changes to the argument are ignored.
 */
export function fixedEndpointer<Req = unknown, Res = unknown>(
  endpoints: readonly Endpoint<Req, Res>[],
): Endpointer<Req, Res> {
  const frozen = Object.freeze([...endpoints]);
  return { endpoints: () => frozen };
}
