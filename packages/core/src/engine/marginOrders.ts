import type { Account, MarginAccount, WalletHolder } from '../account/index.ts';
import type { SpotMarket } from '../market/index.ts';
import type { PlaceOrder, SideEffect, WalletName } from './commands.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import { isolatedOf } from './marginState.ts';
import type { EngineState } from './state.ts';

/**
 * Which wallets a spot order trades from. SPOT orders use the account's spot wallets; MARGIN orders
 * the cross margin account (on pairs whose two assets are margin assets); ISOLATED_MARGIN orders the
 * pair's isolated account. The book's owner is always the account id, so self-trade prevention
 * spans an account's spot and margin orders, as it spans one user on Binance.
 */

const WALLETS: ReadonlySet<string> = new Set<WalletName>(['SPOT', 'MARGIN', 'ISOLATED_MARGIN']);
const SIDE_EFFECTS: ReadonlySet<string> = new Set<SideEffect>([
  'NO_SIDE_EFFECT',
  'MARGIN_BUY',
  'AUTO_REPAY',
  'AUTO_BORROW_REPAY',
]);

export interface OrderWallet {
  readonly ok: true;
  /** The wallets the order holds, pays and receives with. */
  readonly holder: WalletHolder;
  /** The margin account, for margin orders (an isolated one may not be stored yet). */
  readonly margin: MarginAccount | undefined;
  readonly autoBorrow: boolean;
  readonly autoRepay: boolean;
  /** What OrderAccepted reports (nothing for plain spot orders). */
  readonly tags: { readonly wallet?: 'MARGIN' | 'ISOLATED_MARGIN'; readonly sideEffect?: SideEffect };
}

/** Refuse wallet and side-effect fields on a perpetual order (they only mean something on spot). */
export function perpWalletRefusal(c: PlaceOrder): Rejection | undefined {
  if (c.wallet !== undefined && c.wallet !== 'SPOT')
    return reject('MARGIN_WALLET_INVALID', 'perpetual orders trade from the futures wallet');
  if (c.sideEffect !== undefined && c.sideEffect !== 'NO_SIDE_EFFECT')
    return reject('MARGIN_SIDE_EFFECT_INVALID', 'perpetual orders take no margin side effect');
  return undefined;
}

export function orderWallet(
  state: EngineState,
  account: Account,
  market: SpotMarket,
  c: PlaceOrder,
): OrderWallet | Rejection {
  const wallet = c.wallet ?? 'SPOT';
  const sideEffect = c.sideEffect ?? 'NO_SIDE_EFFECT';
  if (!WALLETS.has(wallet)) return reject('MARGIN_WALLET_INVALID', `unknown wallet ${String(wallet)}`);
  if (!SIDE_EFFECTS.has(sideEffect))
    return reject('MARGIN_SIDE_EFFECT_INVALID', `unknown side effect ${String(sideEffect)}`);
  if (wallet === 'SPOT') {
    if (sideEffect !== 'NO_SIDE_EFFECT')
      return reject('MARGIN_SIDE_EFFECT_INVALID', 'side effects need a margin wallet');
    return { ok: true, holder: account, margin: undefined, autoBorrow: false, autoRepay: false, tags: {} };
  }
  const params = state.venue.margin;
  if (!params) return reject('MARGIN_DISABLED', 'this venue offers no spot margin');
  let margin: MarginAccount;
  if (wallet === 'MARGIN') {
    if (!params.assets[market.base.index] || !params.assets[market.quote.index]) {
      return reject('MARGIN_PAIR_UNSUPPORTED', `${market.symbol} cannot be traded on cross margin`);
    }
    margin = account.margin;
  } else {
    if (!market.isolatedMargin)
      return reject('MARGIN_PAIR_UNSUPPORTED', `${market.symbol} has no isolated margin`);
    margin = isolatedOf(state, account, market);
  }
  return {
    ok: true,
    holder: margin,
    margin,
    autoBorrow: sideEffect === 'MARGIN_BUY' || sideEffect === 'AUTO_BORROW_REPAY',
    autoRepay: sideEffect === 'AUTO_REPAY' || sideEffect === 'AUTO_BORROW_REPAY',
    tags: { wallet, ...(sideEffect === 'NO_SIDE_EFFECT' ? {} : { sideEffect }) },
  };
}
