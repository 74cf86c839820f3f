import { describe, expect, it } from 'vitest';
import { ServerClock } from './clock.ts';

describe('the exchange clock seen from the page', () => {
  it('follows the offset and learns the rate of a sped-up clock', () => {
    let local = 1_000;
    const clock = new ServerClock(() => local);
    clock.observe(5_000_000);
    local += 500;
    expect(clock.now()).toBe(5_000_500);
    // Two seconds later the server says 120 s passed: it runs at 60x.
    local += 1_500;
    clock.observe(5_120_000);
    expect(clock.speed).toBe(60);
    local += 100;
    expect(clock.now()).toBe(5_126_000);
  });

  it('never hands out the same timestamp twice', () => {
    const clock = new ServerClock(() => 0);
    clock.observe(1_000);
    expect([clock.timestamp(), clock.timestamp(), clock.timestamp()]).toEqual([1_000, 1_001, 1_002]);
  });
});
