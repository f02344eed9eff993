// The other process of the registrar suite's kill test: registers argv[4] as app argv[3] with
// the Eureka at argv[2], a lease of argv[5] ms renewed every third of it, until killed.
import { announceRegistered } from '@svckit/core/sd/conformance';
import { createEurekaClient, eurekaRegistrar } from '../index.js';

const [url, app, instance, lease] = process.argv.slice(2) as [string, string, string, string];
const at = instance.lastIndexOf(':');
await eurekaRegistrar(createEurekaClient({ url }), {
  app,
  ipAddr: instance.slice(0, at),
  port: Number(instance.slice(at + 1)),
  leaseDurationMs: Number(lease),
  renewalIntervalMs: Math.floor(Number(lease) / 3),
}).register();
announceRegistered();
setInterval(() => {}, 1 << 30);
