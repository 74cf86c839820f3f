import { describe, expect, it } from 'vitest';
import { healthFill, healthTone } from './healthFactor.ts';

describe('health factor gauge', () => {
  it('is green above 1.5', () => {
    expect(healthTone('1.500000000000000001')).toBe('safe');
    expect(healthTone('1.51')).toBe('safe');
    expect(healthTone('12.3')).toBe('safe');
  });

  it('is amber from 1.1 to 1.5', () => {
    expect(healthTone('1.5')).toBe('warning');
    expect(healthTone('1.3')).toBe('warning');
    expect(healthTone('1.1')).toBe('warning');
    expect(healthTone('1.100000000000000000')).toBe('warning');
  });

  it('is red below 1.1', () => {
    expect(healthTone('1.099999999999999999')).toBe('danger');
    expect(healthTone('1')).toBe('danger');
    expect(healthTone('0.42')).toBe('danger');
  });

  it('treats no debt as safe and an unreadable value as danger', () => {
    expect(healthTone(null)).toBe('safe');
    expect(healthTone('oops')).toBe('danger');
  });

  it('fills in proportion up to 3', () => {
    expect(healthFill(null)).toBe(1);
    expect(healthFill('0')).toBe(0);
    expect(healthFill('1.5')).toBe(0.5);
    expect(healthFill('7')).toBe(1);
  });
});
