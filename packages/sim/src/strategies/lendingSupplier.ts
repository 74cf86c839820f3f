import { z } from 'zod';
import type { UnstampedCommand } from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import { fraction } from '../scenario/fields.ts';
import { scaleBy } from '../units.ts';
import { reserveParam } from './lending.ts';
import { parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyDefinition, StrategyEnv } from './types.ts';

const schema = z.strictObject({
  /** Assets to supply (default: every asset of the capital that the pool lends). */
  assets: z.array(z.string()).min(1, 'needs at least one asset').optional(),
  /** Share of the capital of each asset supplied (default 1). */
  share: fraction.optional(),
});

export interface LendingSupplierParams {
  /** Undefined: every capital asset the pool lends. */
  readonly assets: readonly string[] | undefined;
  readonly share: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): LendingSupplierParams {
  const p = parseWith(schema, raw);
  if (!env.venue.lending) throw new ParamError('', 'the venue has no lending pool');
  p.assets?.forEach((a, i) => reserveParam(env, a, `assets[${i}]`));
  return { assets: p.assets, share: p.share ?? 1 };
}

/**
 * The pool's liquidity: supplies its capital (`assets`, `share` of each) to the lending pool at
 * init and leaves it there, earning the supply rate. List lenders before the borrowers they serve,
 * or let the borrowers start on their first tick (the built-in ones do).
 */
export const lendingSupplier: StrategyDefinition<LendingSupplierParams> = {
  name: 'lendingSupplier',
  every: 86_400_000,
  usesLending: true,
  parse,
  create(params: LendingSupplierParams, agent: AgentInfo): Strategy {
    const lending = agent.venue.lending!;
    const assets =
      params.assets ??
      [...agent.capital.keys()].filter((a) => {
        const asset = agent.venue.assetBySymbol.get(a);
        return asset !== undefined && lending.reserveOf[asset.index]! >= 0;
      });
    return {
      init(ctx) {
        const out: UnstampedCommand[] = [];
        for (const asset of assets) {
          const amount = scaleBy(agent.capital.get(asset) ?? 0n, params.share);
          if (amount > 0n) out.push({ type: 'LendingSupply', accountId: ctx.accountId, asset, amount });
        }
        return out;
      },
      onTick: () => [],
    };
  },
};
