// Worker threads start in plain Node, which cannot load TypeScript: load the sweep worker (and any
// strategy module a scenario names) through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
