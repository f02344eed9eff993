#!/usr/bin/env node
/**
 * Prints the line and branch coverage of every workspace from c8's json-summary report and
 * exits 1 when one falls below the floors of its package.json (`"svckit": { "coverage":
 * { "lines": 95, "branches": 90 } }`). scripts/test.sh runs it after the Node 20 tests:
 *
 *   node packages/testing/dist/coverage-cli.js coverage/coverage-summary.json
 */
import { readFileSync } from 'node:fs';
import { formatCoverage, summarize } from './coverage.js';
import type { FileCoverage } from './coverage.js';
import { workspacePackages } from './workspace.js';

const [file] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: coverage-cli <coverage-summary.json>\n');
  process.exit(2);
}
const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, FileCoverage>;
const rows = summarize(summary, workspacePackages());
console.log(formatCoverage(rows));
const below = rows.filter((r) => r.below.length > 0);
for (const r of below) console.log(`coverage: ${r.name} below its floor: ${r.below.join(', ')}`);
for (const r of rows.filter((row) => row.floor.lines === undefined)) {
  console.log(`coverage: ${r.name} has no floor (package.json "svckit": { "coverage": ... })`);
}
process.exitCode = below.length > 0 ? 1 : 0;
