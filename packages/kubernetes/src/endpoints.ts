/** EndpointSlice is the part of a discovery.k8s.io/v1 EndpointSlice the instancer reads. */
export interface EndpointSlice {
  metadata?: { name?: string; resourceVersion?: string };
  addressType?: string;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  }[];
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
}

/**
 * instancesOfSlices returns the `host:port` of every ready endpoint address of the slices
 * (a `ready` that is absent counts as ready, as the API says), on the port named or numbered
 * `port`, or the slice's only port. It throws a RangeError when a slice has several ports and
 * none was chosen: an instancer cannot guess which one the caller wants.
 */
export function instancesOfSlices(
  slices: Iterable<EndpointSlice>,
  port: string | number | undefined,
): string[] {
  const out = new Set<string>();
  for (const slice of slices) {
    const ports = (slice.ports ?? []).filter((p) => typeof p.port === 'number');
    let chosen: number | undefined;
    if (port === undefined) {
      if (ports.length > 1) {
        const names = ports.map((p) => p.name ?? String(p.port)).join(', ');
        throw new RangeError(
          `kubernetes: the service has ports ${names}: choose one with the port option`,
        );
      }
      chosen = ports[0]?.port;
    } else {
      chosen = ports.find((p) =>
        typeof port === 'number' ? p.port === port : p.name === port,
      )?.port;
    }
    if (chosen === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses ?? []) {
        if (typeof address !== 'string' || address === '') continue;
        out.add(address.includes(':') ? `[${address}]:${chosen}` : `${address}:${chosen}`);
      }
    }
  }
  return [...out];
}
