import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { WorkspacePackage } from './workspace.js';

/** Counted is a total and how much of it was covered (one of c8's json-summary metrics). */
export interface Counted {
  readonly total: number;
  readonly covered: number;
}

/** FileCoverage is one file's entry in c8's `coverage-summary.json` (json-summary reporter). */
export interface FileCoverage {
  readonly lines: Counted;
  readonly branches: Counted;
}

/** PackageCoverage is a workspace's line and branch coverage, beside its floors. */
export interface PackageCoverage {
  readonly name: string;
  readonly lines: number;
  readonly branches: number;
  readonly files: number;
  readonly floor: { readonly lines?: number; readonly branches?: number };
  /** What falls below its floor (`lines 93.10 % < 95 %`); empty when nothing does. */
  readonly below: readonly string[];
}

/**
 * typeOnly tells whether a source file compiles to no code at all (a module of types only):
 * c8's `--all` counts such a file as never run, which it cannot be. It reads the compiled file
 * (`<package>/dist/x.js` for `<package>/src/x.ts`); a file it cannot read counts as code.
 */
export function typeOnly(source: string, packageDir: string): boolean {
  const rel = relative(join(packageDir, 'src'), source);
  if (rel.startsWith('..') || !/\.[cm]?ts$/.test(rel)) return false;
  try {
    const js = readFileSync(join(packageDir, 'dist', rel.replace(/ts$/, 'js')), 'utf8');
    const code = js
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/export\s*\{\s*\};?/g, '');
    return code.trim() === '';
  } catch {
    return false;
  }
}

const pct = (c: Counted): number => (c.total === 0 ? 100 : (100 * c.covered) / c.total);

/**
 * summarize adds up c8's per-file summary into one row per workspace (the deepest workspace
 * directory holding the file), leaving out modules of types only; workspaces with no covered
 * file are left out. Each row says what falls below the floors of its `svckit.coverage`.
 */
export function summarize(
  summary: Readonly<Record<string, FileCoverage>>,
  packages: readonly WorkspacePackage[],
  isTypeOnly: (source: string, packageDir: string) => boolean = typeOnly,
): PackageCoverage[] {
  const byDepth = [...packages].sort((a, b) => b.dir.length - a.dir.length);
  const sums = new Map<WorkspacePackage, { lines: Counted; branches: Counted; files: number }>();
  for (const [file, cov] of Object.entries(summary)) {
    if (file === 'total') continue;
    const pkg = byDepth.find((p) => file.startsWith(p.dir + sep));
    if (pkg === undefined || isTypeOnly(file, pkg.dir)) continue;
    const sum = sums.get(pkg) ?? {
      lines: { total: 0, covered: 0 },
      branches: { total: 0, covered: 0 },
      files: 0,
    };
    sums.set(pkg, {
      lines: {
        total: sum.lines.total + cov.lines.total,
        covered: sum.lines.covered + cov.lines.covered,
      },
      branches: {
        total: sum.branches.total + cov.branches.total,
        covered: sum.branches.covered + cov.branches.covered,
      },
      files: sum.files + 1,
    });
  }
  return packages.flatMap((pkg) => {
    const sum = sums.get(pkg);
    if (sum === undefined) return [];
    const floor = pkg.svckit.coverage ?? {};
    const lines = pct(sum.lines);
    const branches = pct(sum.branches);
    const below: string[] = [];
    if (floor.lines !== undefined && lines < floor.lines) {
      below.push(`lines ${lines.toFixed(2)} % < ${floor.lines} %`);
    }
    if (floor.branches !== undefined && branches < floor.branches) {
      below.push(`branches ${branches.toFixed(2)} % < ${floor.branches} %`);
    }
    return [{ name: pkg.name, lines, branches, files: sum.files, floor, below }];
  });
}

/** formatCoverage renders the rows as the table `npm test` prints, one workspace a line. */
export function formatCoverage(rows: readonly PackageCoverage[]): string {
  const width = Math.max(...rows.map((r) => r.name.length), 8);
  const cell = (value: number, floor: number | undefined): string =>
    `${value.toFixed(2).padStart(6)} %${floor === undefined ? ' (no floor)' : ` (floor ${floor})`}`;
  return rows
    .map((r) => {
      const mark = r.below.length > 0 ? '  <-- BELOW FLOOR' : '';
      const lines = cell(r.lines, r.floor.lines);
      const branches = cell(r.branches, r.floor.branches);
      return `  ${r.name.padEnd(width)}  lines ${lines}   branches ${branches}${mark}`;
    })
    .join('\n');
}
