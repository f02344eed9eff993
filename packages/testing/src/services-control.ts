import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileEnvVar } from './find-file.js';
import { freePort } from './free-port.js';
import { stopLegacy } from './legacy-run-dir.js';
import {
  locateFiles,
  processesAlive,
  readState,
  runningState,
  serverContext,
  startServer,
  stopServer,
} from './server-run.js';
import type { ServerSpec } from './server-spec.js';
import { SERVERS } from './server-table.js';

/** log writes one `[services]` line to stderr. */
export function log(line: string): void {
  process.stderr.write(`[services] ${line}\n`);
}

/** frame turns lines into a framed warning, hard to miss in a long CI log. */
function frame(lines: readonly string[]): string[] {
  const bar = '!'.repeat(78);
  return ['', bar, ...lines.map((line) => `!!! ${line}`), bar, ''];
}

/** Services runs the servers of a table in one run dir: what the CLI's commands do. */
export interface Services {
  /** The Debian packages that would install what the named entries lack. */
  missingPackages(names: readonly string[]): string[];
  /** The `export SVCKIT_...=...` lines (see the env command). */
  envLines(): string[];
  /** Rewrites `<run dir>/env` from envLines, atomically. */
  writeEnvFile(): void;
  /**
   * Starts the named servers that are not running and answering yet (tools are only checked),
   * all at once, on their preferred ports or the next free ones, then writes the env file.
   * Resolves false when one could not be started (missing files are reported, not failures).
   */
  up(names: readonly string[]): Promise<boolean>;
  /** Stops the named servers (every server by default) and rewrites the env file. */
  down(names?: readonly string[]): Promise<void>;
  /** One line per entry (every entry by default): up, down, found or missing. */
  status(names?: readonly string[]): Promise<ServicesStatus>;
}

/** ServicesStatus is what Services.status found. */
export interface ServicesStatus {
  /** False when a server is down or a tool is not installed. */
  readonly ok: boolean;
  /** `nats       up    127.0.0.1:47222 (pid 123)`, `promtool   found /usr/bin/promtool`, ... */
  readonly lines: readonly string[];
}

/**
 * createServices returns the commands over a table of servers (SERVERS by default) whose state
 * lives in runDir; progress and warnings go to `report` (stderr, `[services] ` first, by default).
 */
export function createServices(
  runDir: string,
  table: Readonly<Record<string, ServerSpec>> = SERVERS,
  report: (line: string) => void = log,
): Services {
  const loud = (...lines: string[]): void => frame(lines).forEach(report);
  const serviceNames = (): string[] => Object.keys(table);
  const spec = (name: string): ServerSpec => {
    const found = Object.hasOwn(table, name) ? table[name] : undefined;
    if (found === undefined) {
      throw new Error(`unknown service '${name}'; the table has: ${serviceNames().join(', ')}`);
    }
    return found;
  };
  const isServer = (name: string): boolean => (spec(name).processes?.length ?? 0) > 0;

  /** missingPackages lists the Debian packages that would install what the named entries lack. */
  function missingPackages(names: readonly string[]): string[] {
    const packages = names.flatMap((name) => {
      const files = locateFiles(spec(name));
      return Object.values(files).some((f) => f === undefined) ? spec(name).debian : [];
    });
    return [...new Set(packages)];
  }

  /**
   * envLines are the `export SVCKIT_...=...` lines: the variables of every server whose processes
   * run, then the path of every installed file of the table (for tests that run their own).
   */
  function envLines(): string[] {
    const lines: string[] = [];
    for (const name of serviceNames()) {
      const s = spec(name);
      const state = readState(runDir, name);
      if (s.env === undefined || state === undefined || !processesAlive(state)) continue;
      const ctx = serverContext(name, runDir, state.ports, locateFiles(s));
      for (const [key, value] of Object.entries(s.env(ctx))) lines.push(`export ${key}=${value}`);
    }
    for (const name of serviceNames()) {
      const s = spec(name);
      for (const [key, file] of Object.entries(locateFiles(s))) {
        const fileSpec = s.files[key];
        if (file !== undefined && fileSpec !== undefined) {
          lines.push(`export ${fileEnvVar(key, fileSpec)}=${file}`);
        }
      }
    }
    return [...new Set(lines)];
  }

  /** writeEnvFile rewrites `<run dir>/env` (atomically) from envLines. */
  function writeEnvFile(): void {
    mkdirSync(runDir, { recursive: true });
    const tmp = join(runDir, 'env.tmp');
    writeFileSync(tmp, `${envLines().join('\n')}\n`);
    renameSync(tmp, join(runDir, 'env'));
  }

  async function allocatePorts(
    s: ServerSpec,
    claimed: Set<number>,
  ): Promise<Record<string, number>> {
    const ports: Record<string, number> = {};
    for (const [role, preferred] of Object.entries(s.ports ?? {})) {
      const udp = s.udp?.includes(role) === true;
      const port = await freePort({ preferred, avoid: claimed, udp });
      claimed.add(port);
      ports[role] = port;
    }
    return ports;
  }

  /**
   * up starts the named servers that are not running and answering yet (tools are only checked),
   * all at once, on their preferred ports or the next free ones, then writes the env file.
   * Resolves false when one could not be started (missing files are reported, not failures).
   */
  async function up(names: readonly string[]): Promise<boolean> {
    const t0 = Date.now();
    mkdirSync(runDir, { recursive: true });
    const legacy = await stopLegacy(runDir);
    if (legacy.length > 0) report(`stopped what the old services.sh left: ${legacy.join(' ')}`);
    const claimed = new Set<number>();
    const toStart: string[] = [];
    const missing: string[] = [];
    for (const name of names.filter(isServer)) {
      const s = spec(name);
      const state = await runningState(name, s, runDir);
      if (state !== undefined) {
        for (const port of Object.values(state.ports)) claimed.add(port);
        report(`${name}: already up on ${Object.values(state.ports).join(', ')}`);
      } else if (Object.values(locateFiles(s)).some((f) => f === undefined)) {
        missing.push(name);
      } else {
        if (readState(runDir, name) !== undefined) await stopServer(name, s, runDir);
        toStart.push(name);
      }
    }
    const failed: string[] = [];
    // Ports are handed out one server at a time, so that two never get the same one.
    let allocating: Promise<unknown> = Promise.resolve();
    const allocate = (s: ServerSpec): Promise<Record<string, number>> => {
      const next = allocating.then(() => allocatePorts(s, claimed));
      allocating = next.catch(() => undefined);
      return next;
    };
    await Promise.all(
      toStart.map(async (name) => {
        const s = spec(name);
        // A port taken between the check and the server's bind makes it exit: try new ports.
        for (let attempt = 1; ; attempt++) {
          const ports = await allocate(s);
          try {
            await startServer(name, s, runDir, ports);
            report(`${name}: up on ${Object.values(ports).join(', ')}`);
            return;
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            if (attempt < 3 && message.includes('exited before it was ready')) {
              report(`${name}: exited while starting (attempt ${attempt}), trying other ports`);
              continue;
            }
            loud(`${name} failed to start:`, ...message.split('\n'));
            failed.push(name);
            return;
          }
        }
      }),
    );
    for (const name of names.filter((n) => !isServer(n))) {
      if (Object.values(locateFiles(spec(name))).some((f) => f === undefined)) missing.push(name);
    }
    writeEnvFile();
    if (missing.length > 0) {
      loud(
        `not installed: ${missing.join(' ')} (Debian: ${missingPackages(missing).join(' ')})`,
        'bash scripts/services.sh up installs them when run as root; the tests that need them',
        'are skipped (and fail under CI=true).',
      );
    }
    if (failed.length > 0) return false;
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    report(`up in ${secs} s: ${names.join(' ')}; env in ${join(runDir, 'env')}`);
    return true;
  }

  /** down stops the named servers (every server by default) and rewrites the env file. */
  async function down(names: readonly string[] = []): Promise<void> {
    const targets = (names.length > 0 ? names : serviceNames()).filter(isServer);
    await stopLegacy(runDir);
    await Promise.all(targets.map((name) => stopServer(name, spec(name), runDir)));
    writeEnvFile();
    report(`down: ${targets.join(' ')}`);
  }

  async function status(names: readonly string[] = []): Promise<ServicesStatus> {
    let ok = true;
    const lines: string[] = [];
    for (const name of names.length > 0 ? names : serviceNames()) {
      const s = spec(name);
      const files = locateFiles(s);
      if (!isServer(name)) {
        const file = Object.values(files)[0];
        ok &&= file !== undefined;
        lines.push(`${name.padEnd(11)}${file === undefined ? 'missing' : `found ${file}`}`);
        continue;
      }
      const state = await runningState(name, s, runDir);
      ok &&= state !== undefined;
      const where = state === undefined ? '' : `127.0.0.1:${Object.values(state.ports).join(',')}`;
      const pids = state?.processes.map((p) => p.pid).join(',') ?? '';
      lines.push(
        `${name.padEnd(11)}${state === undefined ? 'down' : `up    ${where} (pid ${pids})`}`,
      );
    }
    return { ok, lines };
  }

  return { missingPackages, envLines, writeEnvFile, up, down, status };
}
