/**
 * The debug listener of addsvc (Go kit's `-debug.addr`, which serves `/metrics`): Prometheus
 * `/metrics`, and the probes an orchestrator asks — `/healthz` (liveness: the process answers)
 * and `/readyz` (readiness: every listener started and not stopping).
 */
import { createRouter, textAnswer } from '@svckit/core/transport/http';
import type { Router, Server } from '@svckit/core/transport/http';
import { metricsHandler } from '@svckit/prometheus';
import type { AnyRegistry } from '@svckit/prometheus';

/** Readiness is the state `/readyz` reports. */
export type Readiness = 'starting' | 'ready' | 'stopping';

const ok = textAnswer(200, 'ok\n');
const ready = textAnswer(200, 'ready\n');
const notReady: Readonly<Record<Exclude<Readiness, 'ready'>, Server>> = {
  starting: textAnswer(503, 'starting\n'),
  stopping: textAnswer(503, 'stopping\n'),
};

/**
 * newDebugHandler serves `/metrics` (registry's exposition), `/healthz` (200 `ok`) and
 * `/readyz` (200 `ready`, or 503 `starting` / `stopping` from state()), any method, and Go's
 * `404 page not found` elsewhere.
 */
export function newDebugHandler(registry: AnyRegistry, state: () => Readiness): Router {
  const readyz: Server = {
    node: (req, res) => {
      const s = state();
      return (s === 'ready' ? ready : notReady[s]).node(req, res);
    },
    fetch: (request, info) => {
      const s = state();
      return (s === 'ready' ? ready : notReady[s]).fetch(request, info);
    },
  };
  return createRouter()
    .all('/metrics', metricsHandler(registry))
    .all('/healthz', ok)
    .all('/readyz', readyz);
}
