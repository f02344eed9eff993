/**
 * @module
 * Go kit's addcli in svckit: {@link run} is the command (`dist/main.js` runs it), over the
 * clients of `@svckit/example-addsvc`.
 */
export type { AddcliFlags, IO } from './addcli.js';
export { addcliFlags, parseInt64, run } from './addcli.js';
