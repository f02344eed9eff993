// Using svckit outside this repository: pack @svckit/core and two adapters as npm would publish
// them, check what each tarball holds, install the tarballs into a fresh project in the system's
// temporary directory (npm's cache first: --offline, else --prefer-offline), compile that
// project with strict and no DOM lib (our .d.ts checked too: skipLibCheck false), and run it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const packed = ['core', 'prometheus', 'pino'] as const;

/** npmEnv is this process's environment without the npm_* variables of an enclosing npm run. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  env['npm_config_update_notifier'] = 'false';
  return env;
}

/** version is the range the workspace (`.`) or one of its packages declares for dep. */
function version(pkg: string, dep: string): string {
  const json = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const v = json.dependencies?.[dep] ?? json.devDependencies?.[dep];
  assert.ok(v !== undefined, `${pkg} has no ${dep}`);
  return v;
}

test('core and two adapters, packed, install and run in a project outside the workspace', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-consume-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = npmEnv();

  const started = Date.now();
  const lap = (what: string) => t.diagnostic(`${what}: ${Date.now() - started} ms`);
  const { stdout: names } = await run(
    'npm',
    [
      'pack',
      '--silent',
      '--pack-destination',
      dir,
      ...packed.map((n) => join(root, 'packages', n)),
    ],
    { env },
  );
  lap('packed');
  const files = names.trim().split('\n');
  assert.equal(files.length, packed.length, names);
  const tarballs: Record<string, string> = {};
  for (const [i, name] of packed.entries()) {
    const file = join(dir, files[i] ?? '');
    tarballs[`@svckit/${name}`] = `file:${file}`;
    const { stdout: list } = await run('tar', ['-tzf', file]);
    const entries = list.split('\n').filter((f) => f !== '');
    for (const must of ['package/package.json', 'package/README.md', 'package/LICENSE']) {
      assert.ok(entries.includes(must), `${name} tarball lacks ${must}`);
    }
    assert.ok(
      entries.some((f) => f.endsWith('.d.ts')),
      `${name} tarball has no types`,
    );
    const stray = entries.filter((f) => /\.test\.|\.map$|\/src\/|tsbuildinfo|testdata/.test(f));
    assert.deepEqual(stray, [], `${name} tarball ships test or build entries`);
  }

  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { ...tarballs, pino: version('packages/pino', 'pino') },
      devDependencies: { '@types/node': version('.', '@types/node') },
    }),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'], // no DOM: fetch, Request, Response come from @types/node
        types: ['node'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        outDir: 'dist',
      },
      include: ['index.ts'],
    }),
  );
  copyFileSync(
    fileURLToPath(new URL('../consumer/index.ts', import.meta.url)),
    join(dir, 'index.ts'),
  );

  const install = ['install', '--no-audit', '--no-fund', '--no-package-lock'];
  try {
    await run('npm', [...install, '--offline'], { cwd: dir, env });
  } catch {
    // Something the cache lacks (a package's metadata): let npm ask the registry for it.
    await run('npm', [...install, '--prefer-offline'], { cwd: dir, env });
  }
  lap('installed');

  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', dir]).catch((err: { stdout?: string }) => {
    assert.fail(`the consumer does not compile:\n${err.stdout ?? String(err)}`);
  });
  lap('compiled');
  const { stdout } = await run(process.execPath, [join(dir, 'dist/index.js')], { cwd: dir });
  const out = JSON.parse(stdout) as {
    v: number;
    fetched: number;
    status: string;
    counted: string;
    logs: string[];
  };
  assert.equal(out.v, 3);
  assert.equal(out.fetched, 5);
  assert.equal(out.status, "400 can't sum two zeroes");
  assert.equal(out.counted, '2');
  assert.deepEqual(out.logs, [
    '{"level":30,"a":1,"b":2,"msg":"sum"}',
    '{"level":30,"a":2,"b":3,"msg":"sum"}',
  ]);

  // What is not exported stays private.
  await assert.rejects(
    run(process.execPath, ['--input-type=module', '-e', "import '@svckit/core/internal/x'"], {
      cwd: dir,
    }),
    /ERR_PACKAGE_PATH_NOT_EXPORTED/,
  );
});

test('every public package packs with types, README (with an install line), LICENSE and no test files', async () => {
  const { readdirSync } = await import('node:fs');
  const dirs = readdirSync(join(root, 'packages')).filter((d) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')) as {
      private?: boolean;
      license?: string;
    };
    return pkg.private !== true;
  });
  assert.ok(dirs.length >= 8, dirs.join(' '));
  const { stdout } = await run(
    'npm',
    ['pack', '--dry-run', '--json', ...dirs.map((d) => join(root, 'packages', d))],
    { env: npmEnv(), maxBuffer: 64 * 1024 * 1024 },
  );
  const packs = JSON.parse(stdout) as { name: string; files: { path: string }[] }[];
  assert.equal(packs.length, dirs.length);
  for (const pack of packs) {
    const files = pack.files.map((f) => f.path);
    for (const must of ['package.json', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(must), `${pack.name} lacks ${must}`);
    }
    assert.ok(
      files.some((f) => f.endsWith('.d.ts')),
      `${pack.name} has no types`,
    );
    const dir = dirs.find((d) => pack.name === `@svckit/${d}`) ?? assert.fail(pack.name);
    // A package may ship test doubles on purpose, as a `./testing` export (@svckit/consul's
    // agent double); test data is stray anywhere else.
    const exports = (
      JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
        exports?: Record<string, unknown>;
      }
    ).exports;
    const kit = exports?.['./testing'] !== undefined;
    const stray = files.filter(
      (f) => /\.test\.|\.map$|^src\/|tsbuildinfo/.test(f) || (!kit && /testdata/.test(f)),
    );
    assert.deepEqual(stray, [], `${pack.name} ships test or build files`);
    const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
    assert.match(readme, new RegExp(`npm install [^\\n]*${pack.name}`), `${pack.name} README`);
  }
});
