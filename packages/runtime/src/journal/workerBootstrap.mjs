// Worker threads start in plain Node, which cannot load TypeScript: load the worker's module
// (`workerData.entry`, beside this file) through tsx. Its require hook starts in about half the time
// of its ESM loader, and the workers need nothing ESM-only (no top-level await, no import.meta).
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)(workerData.entry);
