import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopGroup } from './process-group.js';

/**
 * stopLegacy stops the servers a run dir's `<name>.pid` files ("PID STARTTIME") name: what the
 * bash services.sh that this CLI replaced left running, which would otherwise hold their ports.
 */
export async function stopLegacy(runDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(runDir).filter((f) => f.endsWith('.pid'));
  } catch {
    return [];
  }
  // The RabbitMQ node first, its epmd last.
  names.sort((a, b) => Number(a === 'epmd.pid') - Number(b === 'epmd.pid'));
  for (const file of names) {
    const [pid, start] = readFileSync(join(runDir, file), 'utf8').trim().split(/\s+/);
    if (pid !== undefined && /^\d+$/.test(pid)) await stopGroup(Number(pid), 20_000, start);
    rmSync(join(runDir, file), { force: true });
  }
  return names;
}
