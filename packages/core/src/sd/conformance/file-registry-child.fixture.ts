// The other process of the file registry's kill test: registers argv[3] in argv[2] and runs on.
import { fileRegistrar } from './file-registry.fixture.js';
import { announceRegistered } from './registrar-process.js';

const [dir, instance, heartbeat] = process.argv.slice(2) as [string, string, string];
await fileRegistrar(dir, instance, Number(heartbeat)).register();
announceRegistered();
setInterval(() => {}, 1 << 30);
