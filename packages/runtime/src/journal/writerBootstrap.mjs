// Worker threads start in plain Node, which cannot load TypeScript: load the writer through tsx.
// Its require hook starts in about half the time of its ESM loader, and the writer needs nothing
// ESM-only (no top-level await, no import.meta).
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('./writer.ts');
