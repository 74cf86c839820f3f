/** A small scenario for tests: a day in 5-minute steps with every built-in strategy, including spot margin. */
export function smallScenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'small',
    seed: 42,
    start: '2024-01-01T00:00:00Z',
    duration: '1d',
    step: '5m',
    prices: {
      BTC: {
        kind: 'synthetic',
        start: 50000,
        volatility: 0.6,
        jumpsPerYear: 50,
        jumpMean: -0.01,
        jumpStdev: 0.02,
      },
      ETH: { kind: 'synthetic', start: 3000, volatility: 0.7 },
    },
    funding: { BTCUSDT: { rate: 0.0005 } },
    shocks: [{ kind: 'crash', asset: 'ETH', drop: 0.2, at: '12h', over: '30m', hold: '4h', recover: '2h' }],
    agents: [
      {
        name: 'makers',
        strategy: 'marketMaker',
        capital: { USDT: 20_000_000, BTC: 10, ETH: 200 },
        params: { markets: ['BTCUSDT', 'ETHUSDT', 'BTC/USDT', 'ETH/USDT'] },
      },
      {
        name: 'noise',
        strategy: 'noise',
        count: 5,
        capital: 10000,
        every: '1h',
        params: { markets: ['BTCUSDT', 'ETHUSDT', 'BTC/USDT'] },
      },
      {
        name: 'longs',
        strategy: 'directional',
        count: 2,
        capital: 5000,
        params: { market: 'ETHUSDT', side: 'long', leverage: [5, 20] },
      },
      {
        name: 'margin',
        strategy: 'directional',
        capital: 5000,
        params: { market: 'ETH/USDT', side: 'long', leverage: 2 },
      },
      {
        name: 'carry',
        strategy: 'deltaNeutral',
        capital: 20000,
        params: { spot: 'BTC/USDT', perp: 'BTCUSDT' },
      },
    ],
    ...overrides,
  };
}
