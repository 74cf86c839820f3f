import { describe, expect, it } from 'vitest';
import { group, runExample } from '../test/examples.ts';

describe('examples/custom-strategy.yaml', () => {
  it('loads a strategy module by path and runs it next to the built-ins', async () => {
    const r = await runExample('custom-strategy.yaml');
    const trend = group(r, 'trend');
    expect(trend.strategy).toBe('trendFollower');
    expect(trend.agents).toBe(3);
    expect(trend.trades).toBeGreaterThan(3);
  });
});
