import { parentPort } from 'node:worker_threads';
import { runVariant } from './runVariant.ts';
import type { WorkerRequest } from './types.ts';

// A sweep worker: runs the variants it is sent, one at a time, until told to exit.
const port = parentPort;
if (!port) throw new Error('sweep worker: not in a worker thread');
port.on('message', (request: WorkerRequest) => {
  if (request.type === 'exit') {
    port.close();
    return;
  }
  void runVariant(request.index, request.raw, request.baseDir, request.name, request.seed).then((reply) =>
    port.postMessage(reply),
  );
});
