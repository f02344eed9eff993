// The docs hold: every marked code block is its source (compiled and run by CI), the bench
// README lists every suite, and no doc names a package or file that does not exist.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { markdownFiles, region, snippets, unmarkedBlocks, writeSnippets } from './snippets.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('every marked code block of the docs is exactly its compiled, tested source', (t) => {
  const all = snippets(root);
  assert.ok(all.length >= 10, `only ${all.length} marked blocks found`);
  for (const s of all) {
    const where = `${s.doc}:${s.line} (${s.source}${s.region === undefined ? '' : `#${s.region}`})`;
    assert.ok(!(s.expected instanceof Error), `${where}: ${String(s.expected)}`);
    assert.equal(
      s.block,
      s.expected,
      `${where} differs from its source; run npm run snippets -w examples/getting-started`,
    );
  }
  const unmarked = markdownFiles(root)
    .map((doc) => [doc, unmarkedBlocks(root, doc)] as const)
    .filter(([, n]) => n > 0);
  t.diagnostic(
    `${all.length} marked blocks checked; ts blocks not marked: ${unmarked.map(([d, n]) => `${d} ${n}`).join(', ')}`,
  );
});

test('the snippet regions are found and dedented', () => {
  const text = 'a\n  // #region r\n    x\n      y\n  // #endregion r\nb\n';
  assert.equal(region(text, 'r'), 'x\n  y');
  assert.equal(region(text, undefined), text.trimEnd());
  assert.ok(region(text, 'missing') instanceof Error);
});

test('the bench README has a row for every suite', () => {
  const readme = readFileSync(join(root, 'bench/README.md'), 'utf8');
  const suites = readdirSync(join(root, 'bench/src/suites')).filter((f) => f.endsWith('.ts'));
  assert.ok(suites.length >= 5);
  for (const f of suites) {
    const name = f.slice(0, -3);
    assert.match(
      readme,
      new RegExp(`^\\| \`${name}\` \\|`, 'm'),
      `bench/README.md lacks the ${name} suite`,
    );
  }
});

test('the README and ARCHITECTURE.md name only packages that exist (others are on the roadmap)', () => {
  const packages = new Set(
    readdirSync(join(root, 'packages')).map(
      (dir) =>
        (
          JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
            name: string;
          }
        ).name,
    ),
  );
  for (const doc of ['README.md', 'ARCHITECTURE.md', 'docs/getting-started.md']) {
    let text = readFileSync(join(root, doc), 'utf8');
    // The roadmap names what is coming, by definition.
    text = text.replace(/<!-- roadmap -->[\s\S]*?<!-- \/roadmap -->/g, '');
    for (const m of text.matchAll(/@svckit\/([a-z0-9-]+)/g)) {
      assert.ok(
        packages.has(`@svckit/${m[1]}`),
        `${doc} names @svckit/${m[1]}, which does not exist`,
      );
    }
  }
  for (const m of readFileSync(join(root, 'README.md'), 'utf8').matchAll(
    /\]\((?!https?:|#)([^)#]+)/g,
  )) {
    assert.ok(
      existsSync(join(root, m[1] ?? '')),
      `README.md links to ${m[1]}, which does not exist`,
    );
  }
});

test('writeSnippets rewrites a stale block from its source and reports what it changed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-snippets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/a.ts'), 'x;\n// #region r\nconst fresh = 1;\n// #endregion r\n');
  const doc = '# T\n\n<!-- snippet: src/a.ts#r -->\n```ts\nconst stale = 0;\n```\n';
  writeFileSync(join(dir, 'README.md'), doc);
  const before = snippets(dir);
  assert.equal(before.length, 1);
  assert.notEqual(before[0]?.block, before[0]?.expected);
  assert.deepEqual(writeSnippets(dir), ['README.md']);
  assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /```ts\nconst fresh = 1;\n```/);
  assert.deepEqual(writeSnippets(dir), [], 'a second run changes nothing');
  const after = snippets(dir);
  assert.equal(after[0]?.block, after[0]?.expected);
  writeFileSync(join(dir, 'README.md'), doc.replace('#r', '#missing'));
  assert.ok(snippets(dir)[0]?.expected instanceof Error, 'a missing region is reported');
});
