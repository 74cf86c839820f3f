import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/fulcrum.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fulcrum-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = `
name: cli test
seed: 4
duration: 6h
step: 5m
prices:
  BTC: { kind: synthetic, start: 50000, volatility: 0.5 }
  ETH: { kind: constant, price: 3000 }
shocks:
  - { kind: crash, asset: BTC, drop: 0.1, at: 3h, over: 10m }
agents:
  - { name: makers, strategy: marketMaker, capital: 10000000, params: { markets: [BTCUSDT] } }
  - { name: longs, strategy: directional, count: 2, capital: 2000, params: { market: BTCUSDT, side: long, leverage: 10 } }
sweep:
  parameters:
    - { path: agents.longs.params.leverage, values: [2, 20] }
  metrics: [longs.returnPct]
`;

function fulcrum(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('fulcrum sim', () => {
  it('runs a scenario, shows progress on stderr, and writes the JSON result and the HTML report', async () => {
    writeFileSync(join(dir, 'run.yaml'), scenario);
    const r = await fulcrum('sim', 'run.yaml', '--out', 'result.json', '--report', 'report.html');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sim \[=+\] 100% \| 72\/72 ticks/);
    expect(r.stdout).toMatch(/cli test: 72 ticks, 3 agents, seed 4/);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
      scenario: { ticks: number };
    };
    expect(result.scenario.ticks).toBe(72);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg ');
  });

  it('runs the sweep grid with --sweep', async () => {
    const r = await fulcrum(
      'sim',
      'run.yaml',
      '--sweep',
      '--workers',
      '2',
      '--no-progress',
      '--out',
      'sweep.json',
      '--report',
      'sweep.html',
    );
    expect(r.code, r.stderr).toBe(0);
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as {
      kind: string;
      runs: unknown[];
    };
    expect(sweep.kind).toBe('sweep');
    expect(sweep.runs).toHaveLength(2);
    expect(readFileSync(join(dir, 'sweep.html'), 'utf8')).toContain(
      'longs.returnPct by agents.longs.params.leverage',
    );
  });

  it('refuses a bad scenario with the field and the problem, and no stack trace', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      scenario.replace('drop: 0.1', 'drop: 2').replace('duration: 6h', 'duration: soon'),
    );
    const r = await fulcrum('sim', 'bad.yaml', '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('duration: "soon" is not a duration');
    expect(r.stderr).toContain('shocks[0].drop: must be below 1');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
