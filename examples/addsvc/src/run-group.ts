/**
 * One lifecycle for every listener of a service (Go kit's addsvc uses oklog's `run.Group`):
 * start them all in order, run until the first of them fails or a signal (SIGINT, SIGTERM)
 * arrives, then stop them all — those marked `first` (a registrar: out of discovery before
 * anything drains), then the serving listeners together, then those marked `last` (the
 * debug listener, so `/readyz` answers "draining" meanwhile) after them — within one timeout.
 */
import type { Logger } from '@svckit/core/log';

/** Actor is one started part of a service: a listener with its way to stop. */
export interface Actor {
  /**
   * done settles when the actor ends by itself — its listener failed or closed; the group
   * then stops every other actor. It never settles for an actor that cannot fail on its own.
   */
  readonly done: Promise<unknown>;
  /**
   * stop stops taking work, finishes the work in flight within timeoutMs (cutting what is
   * left at the end), and resolves once stopped. Must not reject.
   */
  stop(timeoutMs: number): Promise<void>;
}

/** ActorOptions place an actor in the stopping order. */
export interface ActorOptions {
  /** last stops the actor after all the others (a debug listener). Default false. */
  readonly last?: boolean;
  /** first stops the actor before all the others (a registrar). Default false. */
  readonly first?: boolean;
}

/** RunGroupOptions configure {@link createRunGroup}. */
export interface RunGroupOptions {
  /** logger receives the lifecycle's lines. */
  readonly logger: Logger;
  /** timeoutMs bounds the whole stop (every actor's drain together). Default 10 000. */
  readonly timeoutMs?: number;
  /**
   * signals stop the group (the first one) or the process at once (a second one, through
   * `onSecondSignal`). Default `['SIGINT', 'SIGTERM']`; `[]` for none (tests).
   */
  readonly signals?: readonly NodeJS.Signals[];
  /** onSecondSignal runs when a signal arrives while stopping. Default: exit 1 at once. */
  readonly onSecondSignal?: (signal: NodeJS.Signals) => void;
  /** onStopping runs once, when stopping starts, before any actor stops (readiness goes false). */
  readonly onStopping?: (reason: string) => void;
}

/** Exit is how a group ended: the reason, and the error when an actor failed. */
export interface Exit {
  /** reason is the first cause: `received signal SIGTERM`, `stopped`, or the failure's text. */
  readonly reason: string;
  /** error is the failure that stopped the group (a listener), undefined for a signal or stop(). */
  readonly error?: unknown;
  /** elapsedMs is how long stopping took. */
  readonly elapsedMs: number;
}

/** RunGroup runs actors under one lifecycle. */
export interface RunGroup {
  /**
   * add registers an actor, started by start in the order added. start rejects when the actor
   * cannot start (a port in use).
   */
  add(name: string, start: () => Promise<Actor>, options?: ActorOptions): RunGroup;
  /**
   * run starts every actor in order and resolves once the group has stopped. When an actor
   * fails to start, the ones started are stopped and run resolves with that error.
   * `onStarted` runs once all are started.
   */
  run(onStarted?: () => void): Promise<Exit>;
  /** stop starts stopping the group, as a signal would (`reason` for the log). */
  stop(reason?: string): void;
}

interface Entry {
  readonly name: string;
  readonly start: () => Promise<Actor>;
  readonly phase: Phase;
}

/** Phase is when an actor stops: 0 first, 1 with the listeners, 2 last. */
type Phase = 0 | 1 | 2;

/** Failure is an actor that ended by itself, as a value to race. */
class Failure {
  constructor(
    readonly name: string,
    readonly error: unknown,
  ) {}
}

/** createRunGroup returns an empty {@link RunGroup}. */
export function createRunGroup(options: RunGroupOptions): RunGroup {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!(timeoutMs >= 0 && timeoutMs < 2 ** 31)) {
    throw new RangeError(`createRunGroup: timeoutMs must be a number of ms >= 0`);
  }
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const onSecondSignal =
    options.onSecondSignal ??
    ((signal: NodeJS.Signals) => {
      logger.log('msg', 'second signal: exiting now', 'signal', signal);
      process.exit(1);
    });
  const entries: Entry[] = [];
  let stopRequested: ((reason: string) => void) | undefined;
  let stopReason: string | undefined;
  let running = false;

  const group: RunGroup = {
    add(name, start, actorOptions = {}) {
      if (running) throw new Error('createRunGroup: add after run');
      if (actorOptions.first === true && actorOptions.last === true) {
        throw new TypeError('createRunGroup: an actor is first or last, not both');
      }
      const phase: Phase = actorOptions.first === true ? 0 : actorOptions.last === true ? 2 : 1;
      entries.push({ name, start, phase });
      return group;
    },
    stop(reason = 'stopped') {
      stopReason ??= reason;
      stopRequested?.(stopReason);
    },
    async run(onStarted) {
      if (running) throw new Error('createRunGroup: run called twice');
      running = true;
      let stopping = false;
      const requested = new Promise<string>((resolve) => {
        stopRequested = resolve;
      });
      const onSignal = (signal: NodeJS.Signals): void => {
        if (stopping) onSecondSignal(signal);
        else group.stop(`received signal ${signal}`);
      };
      for (const s of signals) process.on(s, onSignal);
      const started: { entry: Entry; actor: Actor }[] = [];
      const stopAll = async (): Promise<number> => {
        const begin = performance.now();
        const deadline = begin + timeoutMs;
        const left = (): number => Math.max(0, Math.round(deadline - performance.now()));
        const phase = (which: Phase) =>
          Promise.all(
            started
              .filter(({ entry }) => entry.phase === which)
              .map(async ({ entry, actor }) => {
                await actor.stop(left());
                logger.log('transport', entry.name, 'msg', 'stopped');
              }),
          );
        await phase(0);
        await phase(1);
        await phase(2);
        return performance.now() - begin;
      };
      try {
        for (const entry of entries) {
          try {
            const actor = await entry.start();
            // A failure while the others start is seen by the race below; until then it must
            // not count as an unhandled rejection.
            actor.done.catch(noop);
            started.push({ entry, actor });
          } catch (err) {
            logger.log('transport', entry.name, 'during', 'Listen', 'err', err);
            stopping = true;
            options.onStopping?.(errorMessage(err));
            const elapsedMs = await stopAll();
            return { reason: errorMessage(err), error: err, elapsedMs };
          }
          if (stopReason !== undefined) break; // stopped while starting
        }
        if (stopReason === undefined) onStarted?.();
        const first = await Promise.race<string | Failure>([
          stopReason === undefined ? requested : Promise.resolve(stopReason),
          ...started.map(({ entry, actor }) =>
            actor.done.then(
              () => new Failure(entry.name, new Error(`${entry.name} listener closed`)),
              (err: unknown) => new Failure(entry.name, err),
            ),
          ),
        ]);
        stopping = true;
        const reason = first instanceof Failure ? errorMessage(first.error) : first;
        if (first instanceof Failure) logger.log('transport', first.name, 'err', first.error);
        logger.log('msg', 'stopping', 'reason', reason, 'timeout', `${timeoutMs}ms`);
        options.onStopping?.(reason);
        const elapsedMs = await stopAll();
        return first instanceof Failure
          ? { reason, error: first.error, elapsedMs }
          : { reason, elapsedMs };
      } finally {
        for (const s of signals) process.off(s, onSignal);
      }
    },
  };
  return group;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function noop(): void {}
