// A fresh `npm ci` on Node 20 is quiet: no dependency in the lock file refuses this Node
// (npm's EBADENGINE warning), and every dependency with an install script has a decision in the
// root package.json's allowScripts (npm 11 otherwise lists it after every install).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};

interface LockEntry {
  readonly version?: string;
  readonly engines?: { readonly node?: string };
  readonly hasInstallScript?: boolean;
  readonly optional?: boolean;
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 13);

test(`every locked dependency accepts Node ${process.version}`, () => {
  const refusing = Object.entries(lock.packages)
    .filter(([path, e]) => path !== '' && e.engines?.node !== undefined)
    .filter(([, e]) => !semver.satisfies(process.version, e.engines?.node ?? '*'))
    .map(([path, e]) => `${nameOf(path)}@${e.version ?? '?'} (node ${e.engines?.node ?? ''})`);
  assert.deepEqual(refusing, [], 'pin versions that support this Node (root "overrides")');
});

test('every install script in the lock is allowed or denied in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
  };
  const decided = new Set(
    Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1')),
  );
  const undecided = Object.entries(lock.packages)
    .filter(([path, e]) => path.includes('node_modules/') && e.hasInstallScript === true)
    .map(([path]) => nameOf(path))
    .filter((name) => !decided.has(name));
  assert.deepEqual(undecided, [], 'decide with npm install-scripts approve|deny <pkg>');
});
