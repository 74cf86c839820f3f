import { describe, expect, it } from 'vitest';
import { highlights } from './report/runReport.ts';
import { group, runExample } from './test/examples.ts';

describe('examples/funding-rate-bleed.yaml', () => {
  it('makes a right-direction perpetual long lose to funding', async () => {
    const r = await runExample('funding-rate-bleed.yaml');
    const btc = r.summary.markets.find((m) => m.symbol === 'BTCUSDT')!;
    expect(btc.changePct).toBeGreaterThan(0);
    expect(btc.fundingRateMean).toBeGreaterThan(0.0005);
    expect(btc.fundingRateMax).toBeGreaterThan(0.0015);
    const long = group(r, 'perpLong');
    expect(Number(long.pricePnl)).toBeGreaterThan(0);
    expect(Number(long.fundingPaid)).toBeGreaterThan(Number(long.pricePnl));
    expect(Number(long.pnl)).toBeLessThan(0);
    // The spot margin long pays interest instead, and keeps its gain; the carry trade collects.
    expect(Number(group(r, 'marginLong').pnl)).toBeGreaterThan(0);
    expect(Number(group(r, 'marginLong').interestPaid)).toBeGreaterThan(0);
    expect(Number(group(r, 'carry').fundingPaid)).toBeLessThan(0);
    expect(Number(group(r, 'carry').pnl)).toBeGreaterThan(0);
    expect(highlights(r).join(' ')).toMatch(/perpLong: the price moved its way/);
  });
});

describe('examples/steth-discount-spot-margin.yaml', () => {
  it('liquidates the stETH and USDC margin accounts when the discount and the depeg hit', async () => {
    const r = await runExample('steth-discount-spot-margin.yaml');
    expect(group(r, 'stethLong').marginLiquidations).toBe(1);
    expect(group(r, 'usdcLong').marginLiquidations).toBe(1);
    expect(r.liquidations['stethLong']?.[0]?.markets).toEqual(['STETH/USDT']);
    const steth = r.series.prices['STETH']!;
    const eth = r.series.prices['ETH']!;
    // stETH follows ETH (0.998) and trades 12% under it once the discount is in.
    expect(steth[0]! / eth[0]!).toBeCloseTo(0.998, 3);
    expect(steth[steth.length - 1]! / eth[eth.length - 1]!).toBeCloseTo(0.998 * 0.88, 3);
  });
});
