import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * HarnessManifest is the `svckit` field of a workspace's package.json: what its tests need and
 * the coverage they must keep.
 *
 * @example
 * "svckit": { "services": ["nats", "dns"], "coverage": { "lines": 95, "branches": 90 } }
 */
export interface HarnessManifest {
  /** Entries of the server table (SERVERS) the tests need; `npm test` starts the union. */
  readonly services?: readonly string[];
  /** Floors, in percent, of the package's line and branch coverage on Node 20. */
  readonly coverage?: { readonly lines?: number; readonly branches?: number };
}

/** WorkspacePackage is one workspace of the repository. */
export interface WorkspacePackage {
  /** Its directory, absolute. */
  readonly dir: string;
  /** Its package name (`@svckit/core`). */
  readonly name: string;
  readonly svckit: HarnessManifest;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * findRepoRoot returns the directory of the root package.json (the one with `workspaces`):
 * walking up from `from` (the working directory by default), then from this module.
 */
export function findRepoRoot(from: string = process.cwd()): string {
  for (const start of [from, dirname(fileURLToPath(import.meta.url))]) {
    let dir = resolve(start);
    for (;;) {
      if (Array.isArray(readJson(join(dir, 'package.json'))?.['workspaces'])) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`no package.json with "workspaces" above ${from}`);
}

/** Expands the root's `workspaces` patterns (`packages/*` or a plain directory). */
function workspaceDirs(root: string, patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const base = join(root, pattern.slice(0, -2));
    try {
      return readdirSync(base, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(base, entry.name))
        .sort();
    } catch {
      return [];
    }
  });
}

/** workspacePackages lists the repository's workspaces with their `svckit` manifests. */
export function workspacePackages(root: string = findRepoRoot()): WorkspacePackage[] {
  const patterns = (readJson(join(root, 'package.json'))?.['workspaces'] ?? []) as string[];
  const found: WorkspacePackage[] = [];
  for (const dir of workspaceDirs(root, patterns)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const json = readJson(file);
    if (json === undefined) throw new Error(`${file}: not valid JSON`);
    const name = typeof json['name'] === 'string' ? json['name'] : dir;
    const svckit = (json['svckit'] ?? {}) as HarnessManifest;
    found.push({ dir, name, svckit });
  }
  return found;
}

/**
 * declaredServices is the union, in first-declared order, of the services the workspaces
 * declare (`"svckit": { "services": [...] }`): what `npm test` starts.
 */
export function declaredServices(packages: readonly WorkspacePackage[]): string[] {
  return [...new Set(packages.flatMap((p) => p.svckit.services ?? []))];
}
