import { describe, expect, it } from 'vitest';
import { defaultSpotVenueConfig } from '../market/index.ts';
import { decodeSnapshot, encodeSnapshot, stateHash, toJson, toSnapshot } from './snapshot.ts';
import { Driver } from './testDriver.ts';

/** Two accounts with resting orders on both sides, each with a client id. */
function busyVenue(): Driver {
  const d = new Driver(defaultSpotVenueConfig());
  const buyer = d.account();
  const seller = d.account();
  d.ok({ type: 'Deposit', accountId: buyer, asset: 'USDT', amount: 10n ** 14n });
  d.ok({ type: 'Deposit', accountId: seller, asset: 'BTC', amount: 10n ** 12n });
  for (let i = 0; i < 20; i++) {
    const buy = i % 2 === 0;
    d.ok({
      type: 'PlaceOrder',
      accountId: buy ? buyer : seller,
      market: 'BTC/USDT',
      side: buy ? 'BUY' : 'SELL',
      orderType: 'LIMIT',
      price: buy ? 5_000_000 - i : 6_000_000 + i,
      qty: 100 + i,
      clientOrderId: `o-${i}`,
    });
  }
  return d;
}

describe('snapshot text', () => {
  it('is the generic encoding of the snapshot object, byte for byte', () => {
    const d = busyVenue();
    const text = encodeSnapshot(d.state);
    expect(text).toBe(toJson(toSnapshot(d.state)));
    expect(encodeSnapshot(decodeSnapshot(text))).toBe(text);
  });

  it('lists client ids by order id whatever order the map holds them in', () => {
    const d = busyVenue();
    const hash = stateHash(d.state);
    // The same ids, inserted in another order: the state is the same, and so is its text.
    const ids = d.state.accounts[0]!.openClientIds;
    const entries = [...ids].reverse();
    ids.clear();
    for (const [clientId, orderId] of entries) ids.set(clientId, orderId);
    expect(stateHash(d.state)).toBe(hash);
    const listed = toSnapshot(d.state).accounts[0]!.clientIds.map(([, orderId]) => orderId);
    expect(listed).toEqual([...listed].sort((a, b) => a - b));
    expect(encodeSnapshot(d.state)).toBe(toJson(toSnapshot(d.state)));
  });
});
