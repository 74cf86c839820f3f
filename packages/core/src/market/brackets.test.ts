import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mustParseDecimal } from '../money/index.ts';
import { BTC_2021_CONFIG, bracketRows, mustLoadBrackets } from './bracketFixtures.ts';
import { DEFAULT_BRACKETS, loadBrackets } from './brackets.ts';
import type { BracketConfig } from './brackets.ts';

const usdt = (text: string): bigint => mustParseDecimal(text, 8);
const mustLoad = mustLoadBrackets;
const rows = bracketRows;
const BTC_2021 = BTC_2021_CONFIG;

// fs takes the URL itself, resolved against this file.
const FIXTURE = new URL(
  '../../../../../shared/data/binance_usdm_leverage_tiers_2024-10-24__freqtrade.json',
  import.meta.url,
);

interface TierInfo {
  readonly notionalFloor: string;
  readonly notionalCap: string;
  readonly maintMarginRatio: string;
  readonly initialLeverage: string;
  readonly cum: string;
}

describe('loadBrackets', () => {
  it('loads the default tables with exact units and derived cum', () => {
    const btc = mustLoad(DEFAULT_BRACKETS.BTCUSDT);
    const eth = mustLoad(DEFAULT_BRACKETS.ETHUSDT);
    expect(btc).toHaveLength(12);
    expect(eth).toHaveLength(12);
    expect(btc[2]).toEqual({
      index: 2,
      floor: usdt('600000'),
      cap: usdt('3000000'),
      mmrPpm: 6_500n,
      maxLeverage: 75,
      cum: usdt('950'),
    });
    expect(btc.at(-1)?.cum).toBe(usdt('421481450'));
    expect(eth.at(-1)?.cum).toBe(usdt('280506450'));
    expect(btc.map((b) => b.index)).toEqual([...Array(12).keys()]);
  });

  it.skipIf(!existsSync(FIXTURE))('matches the Binance snapshot tier for tier', () => {
    const file = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, { info: TierInfo }[]>;
    const pairs = [
      ['BTC/USDT:USDT', DEFAULT_BRACKETS.BTCUSDT],
      ['ETH/USDT:USDT', DEFAULT_BRACKETS.ETHUSDT],
    ] as const;
    for (const [key, table] of pairs) {
      const tiers = file[key] ?? [];
      expect(table).toHaveLength(tiers.length);
      tiers.forEach(({ info }, i) => {
        const mine = table[i];
        expect(mine?.notionalFloor).toBe(info.notionalFloor);
        expect(mine?.notionalCap).toBe(info.notionalCap);
        expect(mine?.maintMarginRatio).toBe(info.maintMarginRatio);
        expect(mine?.maxLeverage).toBe(Number(info.initialLeverage));
        // Binance writes '50.0': the same value at 8 decimals.
        expect(usdt(mine?.cum ?? 'missing')).toBe(usdt(info.cum));
      });
    }
  });

  it('derives the 2021 BTCUSDT cum column of research/perps.md 3.1', () => {
    const cums = mustLoad(BTC_2021).map((b) => b.cum);
    expect(cums).toEqual(
      ['0', '50', '1300', '16300', '266300', '1266300', '2516300', '5016300', '25016300', '100016300'].map(
        usdt,
      ),
    );
  });

  it("derives the June-2021 snapshot's cum (tier 4 = 1M-5M)", () => {
    const june = rows([
      ['0', '50000', '0.004', 125],
      ['50000', '250000', '0.005', 100],
      ['250000', '1000000', '0.01', 50],
      ['1000000', '5000000', '0.025', 20],
      ['5000000', '20000000', '0.05', 10],
      ['20000000', '50000000', '0.1', 5],
    ]);
    expect(mustLoad(june).map((b) => b.cum)).toEqual(
      ['0', '50', '1300', '16300', '141300', '1141300'].map(usdt),
    );
  });

  it('accepts a given cum equal to the derived one, in any decimal spelling', () => {
    const withCum = BTC_2021.slice(0, 3).map((c, i) => ({
      ...c,
      cum: ['0.0', '50.00000000', '1300'][i] ?? '',
    }));
    expect(mustLoad(withCum).map((b) => b.cum)).toEqual(['0', '50', '1300'].map(usdt));
  });

  const two = (over0: Partial<BracketConfig>, over1: Partial<BracketConfig> = {}): BracketConfig[] => [
    { notionalFloor: '0', notionalCap: '50000', maintMarginRatio: '0.004', maxLeverage: 125, ...over0 },
    { notionalFloor: '50000', notionalCap: '250000', maintMarginRatio: '0.005', maxLeverage: 100, ...over1 },
  ];

  it.each([
    ['first floor not 0', two({ notionalFloor: '1' }), 'CONFIG_RANGE', 'brackets[0].notionalFloor'],
    ['a gap', two({}, { notionalFloor: '50001' }), 'CONFIG_INVALID', 'brackets[1].notionalFloor'],
    ['an overlap', two({}, { notionalFloor: '49999' }), 'CONFIG_INVALID', 'brackets[1].notionalFloor'],
    ['cap at the floor', two({}, { notionalCap: '50000' }), 'CONFIG_RANGE', 'brackets[1].notionalCap'],
    [
      'MMR of 100%',
      two({}, { maintMarginRatio: '1', maxLeverage: 1 }),
      'CONFIG_RANGE',
      'brackets[1].maintMarginRatio',
    ],
    [
      'a decreasing MMR',
      two({}, { maintMarginRatio: '0.003' }),
      'CONFIG_INVALID',
      'brackets[1].maintMarginRatio',
    ],
    [
      'MMR finer than 1 ppm',
      two({ maintMarginRatio: '0.0040001' }),
      'CONFIG_INEXACT',
      'brackets[0].maintMarginRatio',
    ],
    ['MMR not a number', two({ maintMarginRatio: '0.4%' }), 'CONFIG_INVALID', 'brackets[0].maintMarginRatio'],
    ['leverage 0', two({ maxLeverage: 0 }, { maxLeverage: 0 }), 'CONFIG_RANGE', 'brackets[0].maxLeverage'],
    ['fractional leverage', two({}, { maxLeverage: 12.5 }), 'CONFIG_RANGE', 'brackets[1].maxLeverage'],
    ['an increasing leverage', two({}, { maxLeverage: 150 }), 'CONFIG_INVALID', 'brackets[1].maxLeverage'],
    [
      'leverage x MMR >= 100%',
      two({ maxLeverage: 250 }, { maxLeverage: 200 }),
      'CONFIG_RANGE',
      'brackets[0].maxLeverage',
    ],
    [
      'a floor finer than the quote',
      two({}, { notionalFloor: '50000.000000001' }),
      'CONFIG_INEXACT',
      'brackets[1].notionalFloor',
    ],
    ['a negative cap', two({ notionalCap: '-5' }), 'CONFIG_INVALID', 'brackets[0].notionalCap'],
    ['a cum other than the derived', two({}, { cum: '51' }), 'CONFIG_INVALID', 'brackets[1].cum'],
    ['a non-zero first cum', two({ cum: '1' }), 'CONFIG_INVALID', 'brackets[0].cum'],
    ['a cum finer than the quote', two({}, { cum: '50.000000001' }), 'CONFIG_INEXACT', 'brackets[1].cum'],
  ])('rejects %s', (_name, configs, code, path) => {
    const loaded = loadBrackets(configs, 8);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toContainEqual(expect.objectContaining({ code, path }));
  });

  it('rejects an empty table', () => {
    expect(loadBrackets([], 8)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'CONFIG_INVALID', path: 'brackets' })],
    });
  });

  it('names the bracket and the derived value when cum differs', () => {
    const loaded = loadBrackets(two({}, { cum: '51' }), 8, 'perps[0].brackets');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toEqual([
      {
        code: 'CONFIG_INVALID',
        path: 'perps[0].brackets[1].cum',
        message: 'bracket 2: cum 51 differs from the derived 50',
      },
    ]);
  });

  it('rejects a cum that cannot be exact at the quote decimals', () => {
    // 0.01 x (0.5% - 0.4%) = 0.00001, finer than 2 decimals.
    const configs = two({ notionalCap: '0.01' }, { notionalFloor: '0.01' });
    const loaded = loadBrackets(configs, 2);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toEqual([
      expect.objectContaining({ code: 'CONFIG_INEXACT', path: 'brackets[1].notionalFloor' }),
    ]);
  });

  it('reports every problem at once', () => {
    const loaded = loadBrackets(
      two(
        { notionalFloor: '5', maxLeverage: 0 },
        { notionalFloor: '50001', maintMarginRatio: '0.001', cum: 'x' },
      ),
      8,
    );
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((p) => p.path)).toEqual([
      'brackets[0].notionalFloor',
      'brackets[0].maxLeverage',
      'brackets[1].cum',
      'brackets[1].notionalFloor',
      'brackets[1].maintMarginRatio',
    ]);
  });
});
