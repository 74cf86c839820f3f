import Database from 'better-sqlite3';
import { apply, createState, defaultSpotVenueConfig, mustLoadVenue, stateHash } from '@fulcrum/core';
import type { Command } from '@fulcrum/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { Exchange } from './exchange.ts';
import { STREAM_SETUP, streamCommand } from './testStream.ts';
import { T0, journalSeqs, manualClock, submitStream, useTempJournal } from './testSupport.ts';

const temp = useTempJournal('fulcrum-lifecycle-');
let path: string;
beforeEach(() => {
  path = temp.path();
});

describe('Exchange lifecycle', () => {
  it('stamps time from the clock, never going back', async () => {
    const clock = manualClock();
    const exchange = await Exchange.open({ path, clock });
    const a = await exchange.submit({ type: 'CreateAccount' });
    clock.set(T0 - 5_000);
    const b = await exchange.submit({ type: 'CreateAccount' });
    clock.set(T0 + 9);
    const c = await exchange.submit({ type: 'CreateAccount' });
    expect([a, b, c].map((x) => x.command.time)).toEqual([T0, T0, T0 + 9]);
    await exchange.close();
  });

  it('tells listeners in seq order, after the submitters resume', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    const order: string[] = [];
    const seen: number[] = [];
    const off = exchange.onCommitted((batch) => {
      order.push('listener');
      seen.push(...batch.map((c) => c.command.seq));
    });
    const refused = exchange.submit({ type: 'Withdraw', accountId: 1, asset: 'USDT', amount: 1n });
    const submitted = [...submitStream(exchange, 0, 100), ...submitStream(exchange, 100, 200)];
    const first = submitted[0]!.then(() => order.push('submitter'));
    const results = await Promise.all(submitted);
    await first;
    expect((await refused).result.ok).toBe(false);
    await exchange.submit({ type: 'CreateAccount' });
    await new Promise((resolve) => setImmediate(resolve));
    off();
    await exchange.submit({ type: 'CreateAccount' });
    await exchange.close();
    expect(order[0]).toBe('submitter');
    const accepted = results.filter((r) => r.result.ok).map((r) => r.command.seq);
    expect(seen).toEqual([...accepted, exchange.state.seq - 1]);
  });

  it('refuses submits after close and closes once', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    const pending = submitStream(exchange, 0, 50);
    const closed = exchange.close();
    expect(exchange.close()).toBe(closed);
    await closed;
    // Close waited for them: all settled and durable.
    expect((await Promise.all(pending)).length).toBe(50);
    expect(journalSeqs(path).length).toBe(exchange.state.seq);
    await expect(exchange.submit({ type: 'CreateAccount' })).rejects.toThrow('closed');
  });

  it('stops journaling when the engine throws', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    await exchange.submit({ type: 'CreateAccount' });
    const deposit = exchange.submit({ type: 'Deposit', accountId: 1, asset: 'BTC', amount: 10n ** 8n });
    // Break the state behind the engine's back: the next order finds no book and the engine throws.
    (exchange.state.books as unknown[]).length = 0;
    const order = exchange.submit({
      type: 'PlaceOrder',
      accountId: 1,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: 6_000_000,
      qty: 10,
    });
    await expect(order).rejects.toThrow();
    // Applied in the same tick, not yet durable: it may never be, so it is refused too.
    await expect(deposit).rejects.toThrow();
    await expect(exchange.submit({ type: 'CreateAccount' })).rejects.toThrow();
    await expect(exchange.close()).rejects.toThrow();
    expect(journalSeqs(path)).toEqual([1]);
  });

  it('fails a submit whose clock throws, and goes on', async () => {
    let broken = true;
    const exchange = await Exchange.open({
      path,
      clock: {
        now: () => {
          if (broken) throw new Error('no time');
          return T0;
        },
      },
    });
    await expect(exchange.submit({ type: 'CreateAccount' })).rejects.toThrow('no time');
    broken = false;
    expect((await exchange.submit({ type: 'CreateAccount' })).command.seq).toBe(1);
    await exchange.close();
  });

  it('opens only a journal of its own format', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    await exchange.close();
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'format'").run();
    db.close();
    await expect(Exchange.open({ path, clock: manualClock() })).rejects.toThrow('format 99');
  });
});

describe('Exchange in memory', () => {
  it('applies like the engine and settles on the next tick', async () => {
    const exchange = await Exchange.open({ clock: manualClock(), venue: defaultSpotVenueConfig() });
    const reference = createState(mustLoadVenue(defaultSpotVenueConfig()));
    let seq = 0;
    for (let i = 0; i < STREAM_SETUP + 300; i++) {
      const committed = await exchange.submit(streamCommand(i));
      const { result } = apply(reference, { ...streamCommand(i), seq: seq + 1, time: T0 } as Command);
      if (result.ok) seq++;
      expect(committed.result.ok).toBe(result.ok);
    }
    expect(exchange.stateHash()).toBe(stateHash(reference));
    expect(exchange.journalStats.commits).toBe(0);
    await exchange.close();
  });
});
