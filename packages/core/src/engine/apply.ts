import type { Command } from './commands.ts';
import { reject } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { amendOrder, cancelOrder, placeOrder } from './orders.ts';
import type { AmendResult, CancelResult, OrderResult } from './orders.ts';
import {
  adjustIsolatedMargin,
  indexPrice,
  setLeverage,
  setMarginType,
  setPositionMode,
  transfer,
} from './perpCommands.ts';
import type { MarkResult } from './perpCommands.ts';
import type { Outcome } from './result.ts';
import { fundInsurance } from './insurance.ts';
import { borrow, fundMarginInsurance, marginTransfer, repay, spotIndexPrice } from './marginCommands.ts';
import type { BorrowResult, RepayResult } from './marginCommands.ts';
import {
  borrow as lendingBorrow,
  fundDeficit,
  oraclePrice,
  repay as lendingRepay,
  setCollateral,
  setEModeCategory,
  supply as lendingSupply,
  treasuryWithdraw,
  withdraw as lendingWithdraw,
} from './lendingCommands.ts';
import type { LendingMoved, LendingRepayResult } from './lendingCommands.ts';
import { liquidationCall } from './lendingLiquidation.ts';
import type { LendingLiquidationResult } from './lendingLiquidation.ts';
import { flushMarginDirty } from './marginLevel.ts';
import { flushDirty } from './riskIndex.ts';
import type { EngineState } from './state.ts';
import { createAccount, deposit, withdraw } from './wallets.ts';
import type { AccountResult, BalanceResult } from './wallets.ts';

/** The value an accepted command of each type returns. */
export interface ResultByType {
  CreateAccount: AccountResult;
  Deposit: BalanceResult;
  Withdraw: BalanceResult;
  PlaceOrder: OrderResult;
  CancelOrder: CancelResult;
  AmendOrder: AmendResult;
  IndexPrice: MarkResult;
  SetLeverage: { readonly leverage: number };
  SetMarginType: { readonly isolated: boolean };
  SetPositionMode: { readonly dualSide: boolean };
  Transfer: { readonly amount: bigint };
  AdjustIsolatedMargin: { readonly margin: bigint };
  FundInsurance: { readonly balance: bigint };
  MarginTransfer: { readonly amount: bigint };
  Borrow: BorrowResult;
  Repay: RepayResult;
  FundMarginInsurance: { readonly balance: bigint };
  OraclePrice: { readonly price: bigint };
  LendingSupply: LendingMoved;
  LendingWithdraw: LendingMoved;
  LendingBorrow: LendingMoved;
  LendingRepay: LendingRepayResult;
  SetCollateral: { readonly changed: boolean };
  SetEMode: { readonly previous: number };
  LiquidationCall: LendingLiquidationResult;
  FundLendingDeficit: { readonly amount: bigint };
  TreasuryWithdraw: { readonly amount: bigint };
}

export interface Applied<T> {
  readonly result: Outcome<T>;
  /** Empty when the command was refused. */
  readonly events: EngineEvent[];
}

/**
 * Apply one stamped command. The only entry point that changes state: validate, then mutate, then
 * report. A refused command changes nothing, not even the sequence cursor, and emits no event.
 */
export function apply<C extends Command>(state: EngineState, command: C): Applied<ResultByType[C['type']]> {
  const events: EngineEvent[] = [];
  if (!Number.isSafeInteger(command.seq) || command.seq <= state.seq) {
    return {
      result: reject('ENGINE_SEQUENCE_NOT_INCREASING', `seq ${command.seq} is not above ${state.seq}`),
      events,
    };
  }
  if (!Number.isSafeInteger(command.time) || command.time < state.time) {
    return {
      result: reject('ENGINE_TIME_BACKWARDS', `time ${command.time} is before ${state.time}`),
      events,
    };
  }
  state.commandTime = command.time;
  const result = dispatch(state, command, events) as Outcome<ResultByType[C['type']]>;
  flushDirty(state);
  if (result.ok) flushMarginDirty(state, events);
  else state.marginDirty.clear();
  if (result.ok) {
    state.seq = command.seq;
    state.time = command.time;
  }
  return { result, events };
}

function dispatch(state: EngineState, c: Command, events: EngineEvent[]): Outcome<unknown> {
  switch (c.type) {
    case 'PlaceOrder':
      return placeOrder(state, c, events);
    case 'CancelOrder':
      return cancelOrder(state, c, events);
    case 'AmendOrder':
      return amendOrder(state, c, events);
    case 'Deposit':
      return deposit(state, c, events);
    case 'Withdraw':
      return withdraw(state, c, events);
    case 'CreateAccount':
      return createAccount(state, c, events);
    case 'IndexPrice': {
      const market = state.venue.marketBySymbol.get(c.market);
      return market?.kind === 'spot'
        ? spotIndexPrice(state, market, c, events)
        : indexPrice(state, c, events);
    }
    case 'SetLeverage':
      return setLeverage(state, c, events);
    case 'SetMarginType':
      return setMarginType(state, c, events);
    case 'SetPositionMode':
      return setPositionMode(state, c, events);
    case 'Transfer':
      return transfer(state, c, events);
    case 'AdjustIsolatedMargin':
      return adjustIsolatedMargin(state, c, events);
    case 'FundInsurance':
      return fundInsurance(state, c, events);
    case 'MarginTransfer':
      return marginTransfer(state, c, events);
    case 'Borrow':
      return borrow(state, c, events);
    case 'Repay':
      return repay(state, c, events);
    case 'FundMarginInsurance':
      return fundMarginInsurance(state, c, events);
    case 'OraclePrice':
      return oraclePrice(state, c, events);
    case 'LendingSupply':
      return lendingSupply(state, c, events);
    case 'LendingWithdraw':
      return lendingWithdraw(state, c, events);
    case 'LendingBorrow':
      return lendingBorrow(state, c, events);
    case 'LendingRepay':
      return lendingRepay(state, c, events);
    case 'SetCollateral':
      return setCollateral(state, c, events);
    case 'SetEMode':
      return setEModeCategory(state, c, events);
    case 'LiquidationCall':
      return liquidationCall(state, c, events);
    case 'FundLendingDeficit':
      return fundDeficit(state, c, events);
    case 'TreasuryWithdraw':
      return treasuryWithdraw(state, c, events);
    default:
      return reject('ENGINE_BAD_COMMAND', `unknown command type ${(c as { type: unknown }).type}`);
  }
}
