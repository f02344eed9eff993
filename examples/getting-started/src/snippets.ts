/**
 * @module
 * Code in the docs that cannot rot. A fenced block preceded by a marker
 *
 *     <!-- snippet: examples/getting-started/src/service.ts#service -->
 *
 * must be exactly the region `// #region service` … `// #endregion service` of that file
 * (dedented; the whole file without `#name`). The file is compiled by `tsc -b` and run by its
 * tests, so the block is too. `docs.test.ts` checks every marker of every Markdown file in the
 * repository; `npm run snippets -w examples/getting-started` rewrites the blocks from the
 * sources after an edit.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Snippet is one marked block of a Markdown file. */
export interface Snippet {
  /** doc is the Markdown file, relative to the repository root. */
  readonly doc: string;
  /** line is the marker's line number (1-based). */
  readonly line: number;
  /** source is the file the block comes from, relative to the root. */
  readonly source: string;
  /** region is the region name, or undefined for the whole file. */
  readonly region: string | undefined;
  /** block is the fenced block's text as the doc has it. */
  readonly block: string;
  /** expected is the text the source has, or an Error saying why there is none. */
  readonly expected: string | Error;
}

const skip = new Set(['node_modules', 'dist', '.git', '.services', '.cache', 'coverage', '.packs']);

/** markdownFiles lists the repository's Markdown files (no dependencies, builds or caches). */
export function markdownFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (relative(root, path) === join('docs', 'api')) continue; // npm run docs writes it
    if (entry.isDirectory()) out.push(...markdownFiles(root, path));
    else if (entry.name.endsWith('.md')) out.push(relative(root, path));
  }
  return out.sort();
}

const marker = /<!-- snippet: ([^\s#]+)(?:#(\S+))? -->\n+(```[a-z]*\n)([\s\S]*?)^```$/gm;

/** region returns the dedented lines between `#region name` and `#endregion name`. */
export function region(text: string, name: string | undefined): string | Error {
  let lines = text.replace(/\n$/, '').split('\n');
  if (name !== undefined) {
    const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
    const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`);
    if (start < 0 || end < 0) return new Error(`no region "${name}"`);
    lines = lines.slice(start + 1, end);
  }
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0),
  );
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** snippets finds every marked block of the repository's Markdown files. */
export function snippets(root: string): Snippet[] {
  const out: Snippet[] = [];
  for (const doc of markdownFiles(root)) {
    const text = readFileSync(join(root, doc), 'utf8');
    for (const m of text.matchAll(marker)) {
      const [, source = '', name, , block = ''] = m;
      let expected: string | Error;
      try {
        expected = region(readFileSync(join(root, source), 'utf8'), name);
      } catch (err) {
        expected = err as Error;
      }
      const line = text.slice(0, m.index).split('\n').length;
      out.push({ doc, line, source, region: name, block: block.replace(/\n$/, ''), expected });
    }
  }
  return out;
}

/** unmarkedBlocks counts the ```ts blocks of a doc that carry no snippet marker. */
export function unmarkedBlocks(root: string, doc: string): number {
  const text = readFileSync(join(root, doc), 'utf8');
  const all = text.match(/^```ts$/gm)?.length ?? 0;
  const marked = [...text.matchAll(marker)].filter((m) => m[3] === '```ts\n').length;
  return all - marked;
}

/** writeSnippets rewrites every marked block from its source; returns the docs changed. */
export function writeSnippets(root: string): string[] {
  const changed: string[] = [];
  for (const doc of markdownFiles(root)) {
    const path = join(root, doc);
    const text = readFileSync(path, 'utf8');
    const next = text.replace(
      marker,
      (whole, source: string, name: string | undefined, fence: string) => {
        const expected = region(readFileSync(join(root, source), 'utf8'), name);
        if (expected instanceof Error) return whole;
        return `<!-- snippet: ${source}${name === undefined ? '' : `#${name}`} -->\n${fence}${expected}\n\`\`\``;
      },
    );
    if (next !== text) {
      writeFileSync(path, next);
      changed.push(doc);
    }
  }
  return changed;
}
