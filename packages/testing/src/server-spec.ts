import type { FileSpec } from './find-file.js';

/**
 * ServerContext is what a table entry's functions see of one run of its server: where it keeps
 * its state, the ports it was given and where its files are installed.
 */
export interface ServerContext {
  /** The entry's name (`nats`). */
  readonly name: string;
  /** The run dir shared by every server (`<repo>/.services` unless SVCKIT_RUN_DIR says). */
  readonly runDir: string;
  /** This server's own directory, `<run dir>/<name>` (emptied first when the entry is `fresh`). */
  readonly dir: string;
  /** The port given to a role of `ports` (throws for a role the entry does not declare). */
  port(role: string): number;
  /** The installed path of one of the entry's `files` (throws when it is not installed). */
  file(key: string): string;
}

/** Probe tells whether a server (or one of its processes) answers yet. */
export type Probe = (server: ServerContext) => Promise<boolean>;

/** ConfigFile is a file written before the server starts. */
export interface ConfigFile {
  /** Relative to the server's dir, or absolute. */
  readonly path: string;
  readonly text: string;
  /** File mode; 0o644 by default. */
  readonly mode?: number;
  /** Write it only when it does not exist (a file that people or tests may edit). */
  readonly keep?: boolean;
}

/** ProcessSpec is one process of a server, started in order, stopped in reverse order. */
export interface ProcessSpec {
  /** Names its log, `<run dir>/<entry>.log`, or `<run dir>/<entry>-<name>.log` when given. */
  readonly name?: string;
  /** The key of the entry's `files` to run. */
  readonly command: string;
  readonly args: (server: ServerContext) => readonly string[];
  /** Variables added to the CLI's environment (or its whole environment with `cleanEnv`). */
  readonly env?: (server: ServerContext) => Readonly<Record<string, string>>;
  /** Start from an empty environment (plus PATH), not the CLI's. */
  readonly cleanEnv?: boolean;
  /** Awaited before the next process starts. */
  readonly ready?: Probe;
  /** How long a stop waits after SIGTERM before SIGKILL; 10 s by default. */
  readonly stopTimeoutMs?: number;
}

/**
 * ServerSpec is one entry of the test-server table: a server that `scripts/services.sh up`
 * starts on 127.0.0.1, or a tool that is only installed and located (no `processes`).
 */
export interface ServerSpec {
  /** One line for `status` and the docs. */
  readonly summary: string;
  /** The Debian packages that install its files (scripts/services.sh installs them as root). */
  readonly debian: readonly string[];
  /**
   * The binaries and other files it needs, by key. Each is also exported, whether or not the
   * server runs, as `SVCKIT_<KEY>_BIN` (or its `env`) for tests that run their own instance.
   */
  readonly files: Readonly<Record<string, FileSpec>>;
  /** The variable `requireService(t, name)` reads: the server's URL or address, or a tool's path. */
  readonly serviceVar: string;
  /** Its ports by role, each the preferred number; the next free one is taken when it is busy. */
  readonly ports?: Readonly<Record<string, number>>;
  /** Roles whose port must be free for UDP too (DNS). */
  readonly udp?: readonly string[];
  /** Empty its dir before every start (servers whose data must not survive a restart). */
  readonly fresh?: boolean;
  /** Files written before the processes start. */
  readonly config?: (server: ServerContext) => readonly ConfigFile[];
  /** The processes that make the server; none for a tool. */
  readonly processes?: readonly ProcessSpec[];
  /** Whether the server answers; polled every 200 ms after its processes have started. */
  readonly ready?: Probe;
  /** How long `up` waits for `ready`; 30 s by default. */
  readonly readyTimeoutMs?: number;
  /** The variables exported while it runs (its `serviceVar` among them). */
  readonly env?: (server: ServerContext) => Readonly<Record<string, string>>;
}
