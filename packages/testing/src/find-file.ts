import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * FileSpec says where a server's binary (or other file it needs, such as a jar) may be
 * installed: commands looked up like a shell does, then fixed paths.
 */
export interface FileSpec {
  /** Command names, looked up on PATH, then in SEARCH_DIRS (Debian puts servers in /usr/sbin). */
  readonly names?: readonly string[];
  /**
   * Absolute paths tried after the names. A segment may be a `*` pattern (`erts-*`); of several
   * matches the last in sort order wins (the newest version).
   */
  readonly paths?: readonly string[];
  /** Whether the file must be executable; true by default (false for a jar). */
  readonly executable?: boolean;
  /**
   * The variable that names the file for tests (read first, exported in the env file);
   * `SVCKIT_<KEY>_BIN` by default.
   */
  readonly env?: string;
}

/**
 * SEARCH_DIRS are searched after PATH, which for a non-root user (or under `env -i`) often
 * lacks the sbin directories where Debian installs servers such as nats-server and dnsmasq.
 */
export const SEARCH_DIRS: readonly string[] = Object.freeze([
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
]);

/** FindFileOptions lets a test replace where findFile looks. */
export interface FindFileOptions {
  /** The PATH to search; process.env.PATH by default. */
  readonly path?: string;
  /** The directories searched after PATH; SEARCH_DIRS by default. */
  readonly dirs?: readonly string[];
}

function usable(file: string, executable: boolean): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, executable ? constants.X_OK : constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expands `*` segments of an absolute path against the file system, sorted. */
function expand(pattern: string): string[] {
  if (!pattern.includes('*')) return [pattern];
  const parts = pattern.split('/');
  let found = ['/'];
  for (const part of parts.slice(1)) {
    if (!part.includes('*')) {
      found = found.map((dir) => join(dir, part));
      continue;
    }
    const re = new RegExp(`^${part.split('*').map(escape).join('.*')}$`);
    found = found.flatMap((dir) => {
      try {
        return readdirSync(dir)
          .filter((name) => re.test(name))
          .sort()
          .map((name) => join(dir, name));
      } catch {
        return [];
      }
    });
  }
  return found;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * findFile returns the first place a FileSpec's file is installed: each name on PATH, then in
 * SEARCH_DIRS, then each of its paths; undefined when it is nowhere.
 */
export function findFile(spec: FileSpec, options: FindFileOptions = {}): string | undefined {
  const executable = spec.executable ?? true;
  const pathDirs = (options.path ?? process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const dirs = [...new Set([...pathDirs, ...(options.dirs ?? SEARCH_DIRS)])];
  for (const name of spec.names ?? []) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (usable(file, executable)) return file;
    }
  }
  for (const pattern of spec.paths ?? []) {
    const matches = expand(pattern).filter((file) => usable(file, executable));
    const last = matches[matches.length - 1];
    if (last !== undefined) return last;
  }
  return undefined;
}

/** fileEnvVar is the variable that names a file of the table: `SVCKIT_<KEY>_BIN` by default. */
export function fileEnvVar(key: string, spec: FileSpec): string {
  return spec.env ?? `SVCKIT_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_BIN`;
}
