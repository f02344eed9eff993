import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { formatCoverage, summarize, typeOnly } from './coverage.js';
import type { WorkspacePackage } from './workspace.js';

const root = mkdtempSync(join(tmpdir(), 'svckit-coverage-'));
after(() => rmSync(root, { recursive: true, force: true }));

const pkg = (name: string, dir: string, coverage?: { lines?: number; branches?: number }) =>
  ({
    name,
    dir: join(root, dir),
    svckit: coverage === undefined ? {} : { coverage },
  }) satisfies WorkspacePackage;

const cov = (lines: [number, number], branches: [number, number]) => ({
  lines: { total: lines[0], covered: lines[1] },
  branches: { total: branches[0], covered: branches[1] },
});

test('summarize adds files up per workspace and flags what falls below a floor', () => {
  const core = pkg('@svckit/core', 'packages/core', { lines: 95, branches: 90 });
  const pino = pkg('@svckit/pino', 'packages/pino', { lines: 90, branches: 80 });
  const bench = pkg('bench', 'bench');
  const rows = summarize(
    {
      total: cov([0, 0], [0, 0]),
      [join(core.dir, 'src/a.ts')]: cov([100, 99], [10, 10]),
      [join(core.dir, 'src/b.ts')]: cov([100, 91], [10, 7]),
      [join(pino.dir, 'src/x.ts')]: cov([10, 10], [4, 4]),
      [join(root, 'elsewhere/y.ts')]: cov([10, 0], [1, 0]),
    },
    [core, pino, bench],
    () => false,
  );
  assert.deepEqual(
    rows.map((r) => [r.name, r.lines, r.branches, r.files]),
    [
      ['@svckit/core', 95, 85, 2],
      ['@svckit/pino', 100, 100, 1],
    ],
  );
  assert.deepEqual(rows[0]?.below, ['branches 85.00 % < 90 %']);
  assert.deepEqual(rows[1]?.below, []);
  const text = formatCoverage(rows);
  assert.match(
    text,
    /@svckit\/core\s+lines\s+95\.00 % \(floor 95\)\s+branches\s+85\.00 % \(floor 90\)\s+<-- BELOW FLOOR/,
  );
  assert.doesNotMatch(text.split('\n')[1] ?? '', /BELOW/);
});

test('a file exactly at its floor passes; one just under fails', () => {
  const p = pkg('p', 'p', { lines: 95 });
  const at = summarize({ [join(p.dir, 'src/a.ts')]: cov([100, 95], [0, 0]) }, [p], () => false);
  assert.deepEqual(at[0]?.below, []);
  assert.equal(at[0]?.branches, 100, 'no branch counts as all covered');
  const under = summarize(
    { [join(p.dir, 'src/a.ts')]: cov([1000, 949], [0, 0]) },
    [p],
    () => false,
  );
  assert.deepEqual(under[0]?.below, ['lines 94.90 % < 95 %']);
});

test('typeOnly tells a module of types only from one with code, by its compiled file', () => {
  const dir = join(root, 'packages/t');
  mkdirSync(join(dir, 'dist/sub'), { recursive: true });
  writeFileSync(join(dir, 'dist/types.js'), 'export {};\n//# sourceMappingURL=types.js.map');
  writeFileSync(join(dir, 'dist/sub/code.js'), '/** doc */\nexport const x = 1;\n');
  assert.equal(typeOnly(join(dir, 'src/types.ts'), dir), true);
  assert.equal(typeOnly(join(dir, 'src/sub/code.ts'), dir), false);
  assert.equal(typeOnly(join(dir, 'src/missing.ts'), dir), false);
  assert.equal(typeOnly(join(root, 'other/src/types.ts'), dir), false);
  // summarize leaves a types-only module out instead of counting it as never run.
  const p = { name: 't', dir, svckit: {} };
  const rows = summarize(
    {
      [join(dir, 'src/types.ts')]: cov([10, 0], [1, 0]),
      [join(dir, 'src/sub/code.ts')]: cov([4, 4], [2, 1]),
    },
    [p],
  );
  assert.deepEqual(
    rows.map((r) => [r.lines, r.branches, r.files]),
    [[100, 50, 1]],
  );
});
