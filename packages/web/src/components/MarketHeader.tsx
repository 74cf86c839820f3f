import type { MarketInfo } from '../api/types.ts';
import { useDayStats, useOpenInterest, useTick } from '../hooks/market.tsx';
import type { MarkInfo } from '../hooks/market.tsx';
import { useVenue } from '../hooks/venue.tsx';
import { percentText } from '../lib/decimal.ts';
import { countdownText, signedText, toneOf } from '../lib/format.ts';
import { Stat } from './common.tsx';

/** Last, mark, index, funding with its countdown, 24h figures and open interest of one market. */
export function MarketHeader({
  market,
  info,
  quoteDecimals,
}: {
  market: MarketInfo;
  info: MarkInfo;
  quoteDecimals: number;
}) {
  const { clock, features } = useVenue();
  const day = useDayStats(market, quoteDecimals);
  const openInterest = useOpenInterest(market, features?.binance === true);
  useTick(1_000);
  const perp = market.kind === 'PERPETUAL';
  const next = info.nextFundingTime;
  return (
    <div className="market-header" data-testid="market-header">
      <div className="market-name">
        <strong>{market.symbol}</strong>
        <span className="tag">{perp ? 'Perp' : 'Spot'}</span>
      </div>
      <Stat label="Last" value={info.lastPrice ?? '–'} tone={day ? toneOf(day.change) : ''} />
      {perp && <Stat label="Mark" value={<span data-testid="mark-price">{info.markPrice ?? '–'}</span>} />}
      {perp && <Stat label="Index" value={info.indexPrice ?? '–'} />}
      {perp && (
        <Stat
          label="Funding / countdown"
          title="Last funding rate; time to the next funding"
          value={
            <>
              <span className={toneOf(info.fundingRate)}>{percentText(info.fundingRate, 4)}</span>
              {' / '}
              {next === undefined ? '–' : countdownText(next - clock.now())}
            </>
          }
        />
      )}
      <Stat
        label="24h change"
        tone={day ? toneOf(day.change) : ''}
        value={day ? `${signedText(day.change)} (${signedText(day.changePercent)}%)` : '–'}
      />
      <Stat label="24h high" value={day?.high ?? '–'} />
      <Stat label="24h low" value={day?.low ?? '–'} />
      <Stat label={`24h volume (${market.base})`} value={day?.volume ?? '–'} />
      <Stat label={`24h volume (${market.quote})`} value={day?.quoteVolume ?? '–'} />
      {perp && openInterest !== undefined && (
        <Stat label={`Open interest (${market.base})`} value={openInterest} />
      )}
    </div>
  );
}
