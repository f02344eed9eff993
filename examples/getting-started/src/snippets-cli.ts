/**
 * `npm run snippets -w examples/getting-started`: rewrite every marked code block of the
 * repository's Markdown files from its source region (see `snippets.ts`).
 */
import { fileURLToPath } from 'node:url';
import { writeSnippets } from './snippets.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const changed = writeSnippets(root);
console.log(
  changed.length === 0 ? 'snippets: all up to date' : `snippets: rewrote ${changed.join(', ')}`,
);
