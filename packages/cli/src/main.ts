import { Command, InvalidArgumentError } from 'commander';
import { serve } from './serve.ts';

const integer = (name: string, min: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new InvalidArgumentError(`${name} is an integer >= ${min}`);
  return value;
};

const program = new Command('fulcrum').description(
  'Fulcrum: a margin trading venue on one deterministic engine.',
);

program
  .command('serve')
  .description('run the local exchange: REST + WebSocket API, price feed, market makers')
  .option('--data <file>', 'journal (SQLite); API keys go beside it', './data/fulcrum.db')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port (0: any free one)', integer('port', 0), 8080)
  .option(
    '--speed <x>',
    'clock speed, 1 = real time',
    (t) => {
      const v = Number(t);
      if (!(v >= 0 && v <= 10_000)) throw new InvalidArgumentError('speed is a number in 0..10000');
      return v;
    },
    1,
  )
  .option('--seed <n>', 'seed of the synthetic price feed', integer('seed', 0), 1)
  .option('--no-maker', 'no market makers')
  .option('--admin-token <token>', 'admin token (default: FULCRUM_ADMIN_TOKEN or a fresh random one)')
  .option(
    '--snapshot-every <n>',
    'commands between two state snapshots, written by a worker thread (0: none)',
    integer('snapshot-every', 0),
    100_000,
  )
  .action(
    async (o: {
      data: string;
      host: string;
      port: number;
      speed: number;
      seed: number;
      maker: boolean;
      adminToken?: string;
      snapshotEvery: number;
    }) => {
      const adminToken = o.adminToken ?? process.env['FULCRUM_ADMIN_TOKEN'];
      const venue = await serve({ ...o, ...(adminToken ? { adminToken } : {}) });
      const s = venue.exchange.state;
      process.stdout.write(
        [
          `Fulcrum is running at ${venue.url}`,
          `  API docs     ${venue.url}/docs`,
          `  web screen   ${venue.url}/`,
          `  WebSocket    ${venue.url.replace(/^http/, 'ws')}/ws`,
          `  data         ${o.data} (seq ${s.seq}, ${s.accounts.length} accounts)`,
          `  markets      ${s.venue.markets.map((m) => m.symbol).join(', ')}`,
          `  demo account ${venue.demo.accountId}`,
          `    API key    ${venue.demo.apiKey}`,
          `    secret     ${venue.demo.secret}`,
          `  admin token  ${venue.adminToken}`,
          '',
        ].join('\n'),
      );
      const stop = async () => {
        process.stdout.write('stopping...\n');
        await venue.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    },
  );

program
  .command('sim')
  .description('run a simulation scenario (YAML or JSON): strategies, shocks, stress tests, sweeps')
  .argument('<scenario>', 'scenario file (see examples/)')
  .option('--out <file>', 'write the JSON result here')
  .option('--report <file>', 'write the self-contained HTML report here')
  .option('--seed <n>', "replace the scenario's seed", integer('seed', 0))
  .option('--sweep', "run the scenario's sweep grid on worker threads")
  .option('--workers <n>', 'worker threads for --sweep (default: every core)', integer('workers', 0))
  .option('--no-progress', 'no progress bar on stderr')
  .action(
    async (
      scenario: string,
      o: {
        out?: string;
        report?: string;
        seed?: number;
        sweep?: boolean;
        workers?: number;
        progress: boolean;
      },
    ) => {
      // Loaded here so that `serve` never loads the simulator.
      const { ScenarioError, simCommand } = await import('@fulcrum/sim');
      try {
        await simCommand({ scenario, ...o });
      } catch (error) {
        // A bad scenario is the user's to fix: the problems, each at its field, and no stack.
        if (!(error instanceof ScenarioError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 2;
      }
    },
  );

await program.parseAsync();
