/**
 * Test fixture for the crash test: opens the journal given on the command line, submits the test
 * stream from where the journal stands, and prints each acknowledged (durable) seq on stdout, until
 * it is killed or has submitted `limit` commands.
 *
 *   node --import tsx crashFixture.ts <journal> [snapshotEvery] [limit]
 */
import { Exchange } from './exchange.ts';
import { streamCommand } from './testStream.ts';

const [path, snapshotEvery = '200', limit = '1000000'] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: crashFixture.ts <journal> [snapshotEvery] [limit]');

/** Commands in flight at once, as many clients would have. */
const WINDOW = 64;

const exchange = await Exchange.open({
  path,
  snapshotEvery: Number(snapshotEvery),
  clock: { now: Date.now },
});
// The stream is a function of the index; starting at the journal's seq makes each run go on, not repeat.
const start = exchange.state.seq;
const end = start + Number(limit);
const ack = (seq: number): void => void process.stdout.write(`${seq}\n`);
for (let i = start; i < end; i += WINDOW) {
  const round: Promise<void>[] = [];
  for (let k = i; k < Math.min(end, i + WINDOW); k++) {
    round.push(
      exchange.submit(streamCommand(k)).then(({ command, result }) => {
        if (result.ok) ack(command.seq);
      }),
    );
  }
  await Promise.all(round);
}
await exchange.close();
