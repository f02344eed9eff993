/**
 * Benchmark entry point: `npm run bench -- <suite> [<suite>...]` runs each named suite from
 * `./suites/<suite>.js` (all suites when none is named).
 */
import { readdir } from 'node:fs/promises';

const here = new URL('./suites/', import.meta.url);
const available = (await readdir(here))
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2).filter((a) => a !== '--');
const suites = wanted.length > 0 ? wanted : available;
for (const suite of suites) {
  if (!available.includes(suite)) {
    console.error(`unknown bench suite "${suite}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# bench ${suite}`);
  const mod = (await import(new URL(`${suite}.js`, here).href)) as { run: () => Promise<void> };
  await mod.run();
}
