/**
 * Aave v3 Ethereum's reserves and e-mode, in Aave's own symbols and decimals. They live beside the
 * venue's defaults (market/lendingDefaults.ts), which also map them onto the default venue's assets.
 */
export {
  defaultEthCorrelatedEMode,
  defaultLendingConfig,
  defaultUsdc,
  defaultUsdt,
  defaultWbtc,
  defaultWeth,
  defaultWsteth,
} from '../market/lendingDefaults.ts';
