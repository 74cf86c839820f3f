import { mustLoadVenue, defaultSpotVenueConfig } from '../market/index.ts';
import { mustParseDecimal } from '../money/index.ts';
import type { VenueConfig } from '../market/index.ts';
import { apply } from './apply.ts';
import type { Applied, ResultByType } from './apply.ts';
import type { Command, UnstampedCommand } from './commands.ts';
import { createState } from './state.ts';
import type { BookFactory, EngineState } from './state.ts';

/** Test helper: stamps commands the way the sequencer does and keeps the journal for replays. */
export class Driver {
  readonly state: EngineState;
  readonly journal: Command[] = [];
  private seq = 0;
  time = 1_700_000_000_000;

  constructor(config: VenueConfig = defaultSpotVenueConfig(), newBook?: BookFactory) {
    this.state = createState(mustLoadVenue(config), newBook);
  }

  run<C extends UnstampedCommand>(command: C): Applied<ResultByType[C['type']]> {
    const stamped = { ...command, seq: ++this.seq, time: this.time } as unknown as Command;
    this.journal.push(stamped);
    return apply(this.state, stamped) as Applied<ResultByType[C['type']]>;
  }

  /** Run a command that must be accepted and return its value. */
  ok<C extends UnstampedCommand>(command: C): ResultByType[C['type']] {
    const { result } = this.run(command);
    if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
    return result.value;
  }

  account(): number {
    return this.ok({ type: 'CreateAccount' }).accountId;
  }
}

/** An amount in smallest units from a decimal string (8 decimals unless told), for tests. */
export const units = (text: string, decimals = 8): bigint => mustParseDecimal(text, decimals);

type PlaceCommand = Extract<UnstampedCommand, { type: 'PlaceOrder' }>;

/** BTCUSDT perpetual in tests: prices in USDT to ticks (0.1), sizes in BTC to lots (0.001). */
export const btcPerp = {
  px: (usdt: number): number => Math.round(usdt * 10),
  lots: (btc: number): number => Math.round(btc * 1000),
  /** A LIMIT order on BTCUSDT with price in USDT and size in BTC; `extra` overrides any field. */
  order(
    accountId: number,
    side: 'BUY' | 'SELL',
    price: number,
    qty: number,
    extra: Partial<PlaceCommand> = {},
  ): PlaceCommand {
    return {
      type: 'PlaceOrder',
      accountId,
      market: 'BTCUSDT',
      side,
      orderType: 'LIMIT',
      price: btcPerp.px(price),
      qty: btcPerp.lots(qty),
      ...extra,
    };
  },
};
