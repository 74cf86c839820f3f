import {
  HEALTH_FACTOR_LIQUIDATION,
  Rounding,
  hasLendingDebt,
  lendingAccountView,
  lendingHealthFactor,
  mulDiv,
  pow10,
  previewLiquidation,
} from '@fulcrum/core';
import type { EngineState, LendingAccountView, SpotMarket, UnstampedCommand } from '@fulcrum/core';
import type { ExchangeApi } from '../exchange/types.ts';

type LiquidationCommand = Extract<UnstampedCommand, { type: 'LiquidationCall' }>;
type SellOrder = Extract<UnstampedCommand, { type: 'PlaceOrder' }>;

export interface KeeperConfig {
  /** The keeper's own account: it pays debts from, and receives collateral into, its spot wallets. */
  readonly accountId: number;
  /** Least profit worth a liquidation, in the pool's base currency units (default $1 at 8 decimals). */
  readonly minProfit?: bigint;
  /** Price impact allowed for when selling seized collateral on the book, bps (default 50). */
  readonly slippageBps?: number;
  /** Most liquidations sent in one tick (default 20). */
  readonly maxPerTick?: number;
  /** Quote asset of the pairs seized collateral is sold on (default 'USDT'). */
  readonly sellInto?: string;
}

/** One liquidation the keeper would send now, and what it expects to earn by it. */
export interface KeeperPlan {
  readonly command: LiquidationCommand;
  /** Base currency units, after the trading fee and slippage of selling the collateral. */
  readonly profit: bigint;
}

export interface KeeperTick {
  readonly liquidations: number;
  readonly refused: number;
  /** Sell orders placed for seized collateral. */
  readonly sales: number;
}

const BPS = 10_000n;
const PPM = 1_000_000n;

/**
 * A liquidation bot for the lending pool. Each tick it reads the engine state: every account with
 * lending debt whose health factor is below 1 is a candidate; for each pair of its collateral and
 * debt it previews the LiquidationCall the engine would accept (with the debt the keeper's wallet can
 * pay), values what it would receive and pay at the oracle, and sends the most profitable one when
 * the profit, after the trading fee and slippage of selling the collateral, beats `minProfit`. It
 * repeats on the new state until nothing profitable is left or `maxPerTick` is reached.
 *
 * Seized collateral with a spot pair against `sellInto` (ETH and BTC on the default venue) is sold
 * with a market order on that book, as far as the book takes it; what is not sold is retried on the
 * next tick. Collateral without a pair (WSTETH, USDC on the default venue) and the quote asset itself
 * are held in the keeper's wallet. What is left to sell is remembered in memory only: after a
 * restart the keeper holds it.
 */
export class LiquidationKeeper {
  readonly config: KeeperConfig;
  private readonly minProfit: bigint;
  private readonly slippageBps: bigint;
  private readonly maxPerTick: number;
  /** Seized collateral not sold yet, by asset symbol, smallest units. */
  private readonly unsold = new Map<string, bigint>();

  constructor(config: KeeperConfig) {
    const slippage = config.slippageBps ?? 50;
    const maxPerTick = config.maxPerTick ?? 20;
    if (!Number.isSafeInteger(slippage) || slippage < 0 || slippage >= 10_000)
      throw new RangeError('slippageBps must be an integer in 0..9999');
    if (!Number.isSafeInteger(maxPerTick) || maxPerTick < 1)
      throw new RangeError('maxPerTick must be at least 1');
    this.config = config;
    this.minProfit = config.minProfit ?? 100_000_000n;
    this.slippageBps = BigInt(slippage);
    this.maxPerTick = maxPerTick;
  }

  /** Collateral seized and not sold yet, by asset. */
  get holding(): ReadonlyMap<string, bigint> {
    return new Map(this.unsold);
  }

  /** The most profitable liquidation now, skipping the (borrower, collateral, debt) keys in `skip`. */
  plan(state: EngineState, skip: ReadonlySet<string> = new Set()): KeeperPlan | undefined {
    if (!state.lending || !state.venue.lending) return undefined;
    const own = state.accounts[this.config.accountId - 1];
    if (!own) return undefined;
    let best: KeeperPlan | undefined;
    for (const account of state.accounts) {
      if (account === own || !account.lending || !hasLendingDebt(account.lending)) continue;
      const health = lendingHealthFactor(state, account.id);
      if (health === undefined || health >= HEALTH_FACTOR_LIQUIDATION) continue;
      const view = lendingAccountView(state, account.id);
      if (!view) continue;
      for (const candidate of this.candidates(state, view, skip)) {
        if (candidate.profit > this.minProfit && (!best || candidate.profit > best.profit)) best = candidate;
      }
    }
    return best;
  }

  /** Send the profitable liquidations, then sell seized collateral; resolves once all are durable. */
  async tick(exchange: ExchangeApi): Promise<KeeperTick> {
    const tried = new Set<string>();
    const sent: Promise<boolean>[] = [];
    for (let i = 0; i < this.maxPerTick; i++) {
      const plan = this.plan(exchange.state, tried);
      if (!plan) break;
      const c = plan.command;
      tried.add(keyOf(c.borrower, c.collateralAsset, c.debtAsset));
      // Applied at once: the next plan reads the state after it.
      sent.push(
        exchange.submit(c).then(({ result }) => {
          if (result.ok && !c.receiveSupply)
            this.seized(c.collateralAsset, result.value.collateralToLiquidator);
          return result.ok;
        }),
      );
    }
    const accepted = await Promise.all(sent);
    const sales = await this.sell(exchange);
    const liquidations = accepted.filter(Boolean).length;
    return { liquidations, refused: accepted.length - liquidations, sales };
  }

  private seized(asset: string, amount: bigint): void {
    this.unsold.set(asset, (this.unsold.get(asset) ?? 0n) + amount);
  }

  private candidates(state: EngineState, view: LendingAccountView, skip: ReadonlySet<string>): KeeperPlan[] {
    const own = state.accounts[this.config.accountId - 1]!;
    const plans: KeeperPlan[] = [];
    for (const collateral of view.positions) {
      if (!collateral.collateral || collateral.supplied === 0n) continue;
      for (const debt of view.positions) {
        if (debt.borrowed === 0n || skip.has(keyOf(view.accountId, collateral.asset, debt.asset))) continue;
        const debtAsset = state.venue.assetBySymbol.get(debt.asset)!;
        const wallet = own.wallets[debtAsset.index]!.available;
        if (wallet === 0n) continue;
        const command: LiquidationCommand = {
          type: 'LiquidationCall',
          accountId: this.config.accountId,
          borrower: view.accountId,
          collateralAsset: collateral.asset,
          debtAsset: debt.asset,
          debtToCover: wallet >= debt.borrowed ? 'max' : wallet,
        };
        const preview = previewLiquidation(state, command);
        if (!preview.ok) continue;
        const collateralAsset = state.venue.assetBySymbol.get(collateral.asset)!;
        const received = mulDiv(
          preview.value.collateralToLiquidator,
          collateral.price,
          pow10(collateralAsset.decimals),
          Rounding.Down,
        );
        const paid = mulDiv(preview.value.debtRepaid, debt.price, pow10(debtAsset.decimals), Rounding.Up);
        const market = this.pairFor(state, collateral.asset);
        // Selling costs the taker fee and the slippage; held collateral is valued at the oracle.
        const kept = market
          ? mulDiv(received, (PPM - market.takerFeePpm) * (BPS - this.slippageBps), PPM * BPS, Rounding.Down)
          : received;
        plans.push({ command, profit: kept - paid });
      }
    }
    return plans;
  }

  private pairFor(state: EngineState, asset: string): SpotMarket | undefined {
    const quote = this.config.sellInto ?? 'USDT';
    return state.venue.spotMarkets.find((m) => m.base.symbol === asset && m.quote.symbol === quote);
  }

  /** Market sell orders for seized collateral that has a pair, one per asset. */
  private async sell(exchange: ExchangeApi): Promise<number> {
    const state = exchange.state;
    const own = state.accounts[this.config.accountId - 1];
    if (!own) return 0;
    const orders: Promise<void>[] = [];
    for (const [asset, amount] of this.unsold) {
      const market = this.pairFor(state, asset);
      if (!market) continue;
      const wallet = own.wallets[market.base.index]!.available;
      const lots = (amount < wallet ? amount : wallet) / market.lotUnits;
      if (lots === 0n) continue;
      const order: SellOrder = {
        type: 'PlaceOrder',
        accountId: this.config.accountId,
        market: market.symbol,
        side: 'SELL',
        orderType: 'MARKET',
        qty: Number(lots > BigInt(market.maxLots) ? BigInt(market.maxLots) : lots),
      };
      orders.push(
        exchange.submit(order).then(({ result }) => {
          // Refused (no liquidity, below the minimum notional): kept for the next tick.
          if (!result.ok) return;
          const sold = BigInt(result.value.executedQty) * market.lotUnits;
          const left = (this.unsold.get(asset) ?? 0n) - sold;
          if (left > 0n) this.unsold.set(asset, left);
          else this.unsold.delete(asset);
        }),
      );
    }
    await Promise.all(orders);
    return orders.length;
  }
}

function keyOf(borrower: number, collateral: string, debt: string): string {
  return `${borrower}/${collateral}/${debt}`;
}
