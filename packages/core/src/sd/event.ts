/**
 * Event is what an {@link Instancer} tells its observers (Go kit's `sd.Event`): either the
 * current set of instances (`host:port` strings, sorted, frozen) with `error` undefined, or a
 * discovery failure in `error` with `instances` empty. An error event does not mean the
 * instances are gone; an Endpointer keeps serving the last good set (see `createEndpointer`).
 */
export interface Event {
  /** instances is the sorted list of `host:port` strings; empty on an error event. */
  readonly instances: readonly string[];
  /** error is why discovery failed, or undefined for a good event. */
  readonly error: Error | undefined;
}

/**
 * Observer receives every {@link Event} an {@link Instancer} publishes, starting with the
 * current state at registration. It is called synchronously; it must not throw (a throw is
 * caught so other observers still get the event).
 */
export type Observer = (event: Event) => void;

/**
 * Instancer watches a service discovery system and publishes the instances of one service
 * (Go kit's `sd.Instancer`). `register` sends the current state at once, then every change;
 * identical consecutive states are never sent twice. `stop` ends the watch for good.
 */
export interface Instancer {
  /** register adds an observer and calls it with the current state immediately. */
  register(observer: Observer): void;
  /** deregister removes an observer; it receives nothing afterwards. */
  deregister(observer: Observer): void;
  /** stop ends the watch and releases timers, connections and observers. */
  stop(): void;
}
