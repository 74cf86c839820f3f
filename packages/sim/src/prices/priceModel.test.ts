import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { PriceModel } from './priceModel.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

async function model(raw: Record<string, unknown>): Promise<PriceModel> {
  const s = await loadScenario(
    {
      start: '2024-01-01',
      duration: '10d',
      step: '1h',
      agents: [{ strategy: 'noise', capital: 100, params: { markets: ['BTCUSDT'] } }],
      ...raw,
    },
    { baseDir: dir },
  );
  return new PriceModel(s.prices);
}

const usd = (units: bigint | undefined) => Number(units ?? 0n) / 1e8;

describe('price paths and shocks', () => {
  it('crashes by the drop over the ramp, holds, and recovers', async () => {
    const m = await model({
      prices: { BTC: { kind: 'constant', price: 50000 }, ETH: { kind: 'constant', price: 3000 } },
      shocks: [{ kind: 'crash', asset: 'BTC', drop: 0.3, at: '1d', over: '2h', hold: '1d', recover: '4h' }],
    });
    const at = (h: number) => usd(m.at(START + h * HOUR).get('BTC'));
    expect(at(23)).toBe(50000);
    expect(at(25)).toBeCloseTo(42500, 4); // half way down the ramp
    expect(at(26)).toBeCloseTo(35000, 4);
    expect(at(49)).toBeCloseTo(35000, 4);
    expect(at(52)).toBeCloseTo(42500, 4); // half way back
    expect(at(60)).toBe(50000);
    expect(usd(m.at(START + 60 * HOUR).get('ETH'))).toBe(3000);
  });

  it('depegs a stablecoin, discounts a follower, and moves a follower with what it follows', async () => {
    const m = await model({
      prices: {
        BTC: { kind: 'constant', price: 50000 },
        ETH: { kind: 'constant', price: 3000 },
        USDC: { kind: 'constant', price: 1 },
        WSTETH: { kind: 'follow', asset: 'ETH', ratio: 1.15 },
      },
      shocks: [
        { kind: 'depeg', asset: 'USDC', to: 0.9, at: '1h' },
        { kind: 'discount', asset: 'WSTETH', discount: 0.05, at: '1h' },
        { kind: 'crash', asset: 'ETH', drop: 0.5, at: '2h' },
      ],
    });
    const p = m.at(START + 3 * HOUR);
    expect(usd(p.get('USDC'))).toBeCloseTo(0.9, 8);
    expect(usd(p.get('ETH'))).toBe(1500);
    expect(usd(p.get('WSTETH'))).toBeCloseTo(1500 * 1.15 * 0.95, 4);
  });

  it('replays candles from a CSV file from the date asked, and funding from a history file', async () => {
    const rows = ['timestamp,open,high,low,close,volume'];
    for (let d = 0; d < 20; d++) {
      const day = new Date(Date.UTC(2021, 0, 1 + d)).toISOString().slice(0, 10);
      const open = 30000 + d * 100;
      rows.push(`${day},${open},${open + 300},${open - 300},${open + 100},1`);
    }
    writeFileSync(join(dir, 'btc.csv'), rows.join('\n'));
    writeFileSync(
      join(dir, 'funding.csv'),
      'timestamp,funding_rate\n2021-01-05 00:00:00.000,0.0003\n2021-01-05 08:00:00.000,0.0009\n',
    );
    const m = await model({
      prices: {
        BTC: { kind: 'csv', file: 'btc.csv', from: '2021-01-05' },
        ETH: { kind: 'constant', price: 1 },
      },
      funding: { BTCUSDT: { file: 'funding.csv', from: '2021-01-05' } },
    });
    // The candle of 2021-01-05 opens at the start and closes a day later.
    expect(usd(m.at(START).get('BTC'))).toBe(30400);
    expect(usd(m.at(START + 24 * HOUR).get('BTC'))).toBe(30500);
    expect(m.fundingTarget('BTCUSDT', START)).toBe(0.0003);
    expect(m.fundingTarget('BTCUSDT', START + HOUR)).toBe(0.0009);
    expect(m.fundingTarget('ETHUSDT', START)).toBeUndefined();
  });

  it('repeats a synthetic path for a seed and not for another', async () => {
    const prices = {
      BTC: { kind: 'synthetic', start: 50000, volatility: 0.8 },
      ETH: { kind: 'constant', price: 1 },
    };
    const a = await model({ seed: 1, prices });
    const b = await model({ seed: 1, prices });
    const c = await model({ seed: 2, prices });
    const t = START + 100 * HOUR;
    expect(a.at(t).get('BTC')).toBe(b.at(t).get('BTC'));
    expect(a.at(t).get('BTC')).not.toBe(c.at(t).get('BTC'));
  });
});
