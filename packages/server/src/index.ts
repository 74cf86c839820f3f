export { buildServer } from './server.ts';
export { DEFAULT_LIMITS } from './types.ts';
export type {
  AdminControls,
  RateLimit,
  ServerContext,
  ServerLimits,
  ServerOptions,
  ServerPlugin,
} from './types.ts';
export { MemoryKeyStore, newApiKey } from './auth/keyStore.ts';
export type { ApiKeyRecord, KeyStore } from './auth/keyStore.ts';
export { SqliteKeyStore } from './auth/sqliteKeyStore.ts';
export { AuthHeader, hmacHex, signRequest, signaturePayload } from './auth/sign.ts';
export type { SignInput, SignedRequest } from './auth/sign.ts';
export { SignatureVerifier } from './auth/verify.ts';
export type { AuthContext, VerifierOptions } from './auth/verify.ts';
export { ApiCode, ApiError } from './errors.ts';
export type { ErrorBody } from './errors.ts';
export {
  CANDLE_INTERVALS,
  Candles,
  DEFAULT_HISTORY,
  Fills,
  OrderRecords,
  ReadModels,
  RecentTrades,
} from './readModels/index.ts';
export type {
  Candle,
  CandleInterval,
  FillRecord,
  HistoryLimits,
  OrderRecord,
  OrderState,
  TradeRecord,
} from './readModels/index.ts';
export { fillView, orderView } from './views.ts';
export type { FillView, OrderView } from './views.ts';
export { WS_LOGIN_PATH, webSocketChannels } from './ws/channels.ts';
export type { ChannelOptions } from './ws/channels.ts';
export { BookMirror } from './ws/bookMirror.ts';
export type { BookDiff, LevelChange } from './ws/bookMirror.ts';
export { binanceApi } from './binance/index.ts';
export type { BinanceApiOptions } from './binance/index.ts';
export { webScreen } from './static.ts';
export type { WebScreenOptions } from './static.ts';
