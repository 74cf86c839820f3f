import type { SimResult } from '../run/result.ts';
import { figure, page, table } from './page.ts';
import { PALETTE, esc, formatNumber, lineChart } from './svg.ts';
import type { ChartMarker, Line } from './svg.ts';

const MARKER_COLORS = {
  liquidation: '#f97316',
  adl: '#dc2626',
  marginLiquidation: '#7c3aed',
  lendingLiquidation: '#0891b2',
} as const;
const MARKER_NAMES = {
  liquidation: 'liquidation',
  adl: 'ADL',
  marginLiquidation: 'margin liquidation',
  lendingLiquidation: 'lending liquidation',
} as const;

/** A self-contained HTML report of one run: highlights, the summary table and the charts. */
export function runReport(result: SimResult): string {
  const s = result.scenario;
  const sum = result.summary;
  const time = result.series.time;
  const groups = sum.groups;
  const colorOf = new Map(groups.map((g, i) => [g.name, PALETTE[i % PALETTE.length]!]));
  /** Markers of one market (all when undefined); `book`: leave out the lending pool's. */
  const markers = (market?: string, book = false): ChartMarker[] =>
    result.markers
      .filter((m) => market === undefined || (m.market ?? '').split('+').includes(market))
      .filter((m) => !book || m.kind !== 'lendingLiquidation')
      .map((m) => ({
        time: m.time,
        color: MARKER_COLORS[m.kind],
        label: `${new Date(m.time).toISOString().slice(0, 16).replace('T', ' ')} ${MARKER_NAMES[m.kind]}: ${m.group}${m.market ? ` (${m.market})` : ''}${m.qty ? `, ${m.qty} lots` : ''}`,
      }));

  const baseOf = new Map(sum.markets.map((m) => [m.symbol, m.base]));
  /** Lending liquidations (that seized `collateral`, when given). */
  const lendingMarkers = (collateral?: string): ChartMarker[] =>
    result.markers
      .filter(
        (m) =>
          m.kind === 'lendingLiquidation' &&
          (collateral === undefined || (m.market ?? '').split('/')[0] === collateral),
      )
      .map((m) => ({
        time: m.time,
        color: MARKER_COLORS.lendingLiquidation,
        label: `${new Date(m.time).toISOString().slice(0, 16).replace('T', ' ')} lending liquidation: ${m.group} (${m.market ?? ''})`,
      }));
  const bands = (market?: string) =>
    s.shocks
      .filter(
        (x) => market === undefined || x.target === market || x.target === (baseOf.get(market) ?? market),
      )
      .map((x) => ({ start: x.start, end: Math.max(x.end, x.start + 1), label: x.label }));
  const body: string[] = [];
  body.push(`<h1>${esc(s.name)}</h1>`);
  body.push(
    `<p class="meta">seed ${s.seed} · from ${esc(s.start)} for ${esc(s.duration)} in steps of ${esc(s.step)} (${s.ticks.toLocaleString('en-US')} ticks) · ${s.agents} agents · ${esc(s.markets.join(', '))}</p>`,
  );
  if (s.description) body.push(`<p>${esc(s.description)}</p>`);
  const facts = highlights(result);
  if (facts.length > 0) body.push(`<p class="note">${facts.map(esc).join('<br>')}</p>`);
  for (const w of result.warnings) body.push(`<p class="warn">${esc(w)}</p>`);

  // Lending columns only where the scenario uses the pool: other reports stay as they were.
  const pool = sum.lending !== undefined;
  body.push('<h2>Summary</h2>');
  body.push(
    table(
      [
        'group',
        'strategy',
        'agents',
        'start',
        'end',
        'PnL',
        'return',
        'price PnL',
        'funding',
        'fees',
        'interest',
        'liq.',
        'ADL',
        'max MR',
        ...(pool ? ['pool liq.', 'liq. made', 'min HF'] : []),
        'refused',
      ],
      groups.map((g) => [
        { text: g.name, left: true },
        { text: g.strategy, left: true },
        String(g.agents),
        money(g.startEquity),
        money(g.endEquity),
        { text: money(g.pnl), sign: Math.sign(Number(g.pnl)) },
        { text: `${g.returnPct.toFixed(2)}%`, sign: Math.sign(g.returnPct) },
        { text: money(g.pricePnl), sign: Math.sign(Number(g.pricePnl)) },
        { text: money(g.fundingPaid), sign: -Math.sign(Number(g.fundingPaid)) },
        money(g.feesPaid),
        money(g.interestPaid),
        String(g.liquidations + g.marginLiquidations),
        String(g.adlHits),
        `${g.maxMarginRatioPct.toFixed(1)}%`,
        ...(pool
          ? [
              String(g.lendingLiquidations),
              String(g.lendingLiquidationsMade),
              {
                text: g.minHealthFactor === null ? '' : g.minHealthFactor.toFixed(3),
                sign: g.minHealthFactor !== null && g.minHealthFactor < 1 ? -1 : 0,
              },
            ]
          : []),
        {
          text: String(g.rejected),
          title: Object.entries(g.rejectedByCode)
            .map(([c, n]) => `${c}: ${n}`)
            .join(', '),
        },
      ]),
      2,
    ),
  );
  body.push(
    `<p class="meta">Amounts in USDT: equity at the start and the end, PnL and return. Price PnL = PnL + funding + fees + interest paid: what the price moves made. Funding: paid (negative: received). Liq.: liquidations (perpetual and spot margin); ADL: times a profitable position was auto-deleveraged; max MR: the worst margin ratio at a chart point (100% = liquidation; spot margin: liquidation level / margin level); refused: commands the engine refused (hover for the codes).${pool ? ' Pool liq.: times the group was liquidated in the lending pool; liq. made: lending liquidations its accounts made; min HF: the lowest health factor of its loans (below 1: liquidatable). Interest includes the pool: debt interest less supply income.' : ''}</p>`,
  );

  body.push('<h2>Prices</h2>');
  for (const [symbol, p] of Object.entries(result.series.perps)) {
    const lines: Line[] = [
      { name: 'index', values: p.index, color: '#6b7280' },
      { name: 'mark', values: p.mark, color: '#2563eb' },
      { name: 'last', values: p.last, color: '#16a34a', dashed: true },
    ];
    body.push(
      figure(
        lineChart({
          title: `${symbol}: index, mark and last price`,
          time,
          lines,
          markers: [...markers(symbol), ...(pool ? lendingMarkers(baseOf.get(symbol) ?? symbol) : [])],
          bands: bands(symbol),
        }),
        pool
          ? 'Orange: liquidations; red: ADL; teal: lending liquidations seizing the base asset; shaded: shocks.'
          : 'Orange: liquidations; red: ADL; shaded: shocks.',
      ),
    );
  }
  const perpBases = new Set(sum.markets.filter((m) => m.kind === 'perp').map((m) => m.base));
  const spotOnly = Object.entries(result.series.prices).filter(([asset]) => !perpBases.has(asset));
  for (const [i, [asset, values]] of spotOnly.entries())
    body.push(
      figure(
        lineChart({
          title: `${asset}: feed price, USDT`,
          time,
          lines: [{ name: asset, values, color: PALETTE[(i + 3) % PALETTE.length]! }],
          markers: [
            ...result.markers
              .filter((m) => m.kind === 'marginLiquidation')
              .map((m) => ({
                time: m.time,
                color: MARKER_COLORS.marginLiquidation,
                label: `margin liquidation: ${m.group} (${m.market ?? ''})`,
              })),
            ...lendingMarkers(asset),
          ],
          bands: bands(asset),
        }),
        pool
          ? 'Purple: margin liquidations; teal: lending liquidations seizing this asset; shaded: shocks.'
          : 'Purple: margin liquidations; shaded: shocks.',
      ),
    );

  body.push('<h2>Strategies</h2>');
  const startOf = new Map(groups.map((g) => [g.name, Number(g.startEquity)]));
  const pct = (name: string, values: readonly number[]) => {
    const start = startOf.get(name) ?? 0;
    return values.map((v) => (start > 0 ? (v / start) * 100 : 0));
  };
  body.push(
    figure(
      lineChart({
        title: 'Equity, % of the start',
        time,
        unit: '%',
        lines: Object.entries(result.series.equity).map(([name, values]) => ({
          name,
          values: pct(name, values),
          color: colorOf.get(name)!,
        })),
        markers: markers(),
        bands: bands(),
        reference: { value: 100, label: 'start' },
      }),
      pool
        ? "Each group's total equity (spot, margin net of debt, futures with unrealized PnL and funding, lending supply less debt) over its start. Teal: lending liquidations."
        : "Each group's total equity (spot, margin net of debt, futures with unrealized PnL and funding) over its start.",
    ),
  );
  body.push(
    figure(
      lineChart({
        title: 'Worst margin ratio of each group, %',
        time,
        unit: '%',
        lines: Object.entries(result.series.marginRatioPct).map(([name, values]) => ({
          name,
          values,
          color: colorOf.get(name)!,
        })),
        markers: markers(undefined, true),
        reference: { value: 100, label: 'liquidation' },
      }),
    ),
  );
  const healthLines: Line[] = Object.entries(result.series.healthFactor).map(([name, values]) => ({
    name,
    values: values.map((v) => v ?? Number.NaN),
    color: colorOf.get(name)!,
  }));
  if (healthLines.length > 0)
    body.push(
      figure(
        lineChart({
          title: 'Lending health factor, lowest of each group',
          time,
          lines: healthLines,
          markers: lendingMarkers(),
          bands: bands(),
          reference: { value: 1, label: 'liquidation' },
        }),
        "Collateral x liquidation threshold / debt of each group's weakest loan (charted up to 10; gaps: no debt). Teal: lending liquidations.",
      ),
    );
  body.push(
    figure(
      lineChart({
        title: 'Funding paid, % of the start equity (negative: received)',
        time,
        unit: '%',
        lines: Object.entries(result.series.fundingPaid).map(([name, values]) => ({
          name,
          values: pct(name, values),
          color: colorOf.get(name)!,
        })),
      }),
    ),
  );
  const fundingLines: Line[] = Object.entries(result.series.funding)
    .filter(([, f]) => f.time.length > 0)
    .map(([symbol, f], i) => ({
      name: symbol,
      values: f.rate.map((r) => r * 100),
      time: f.time,
      dots: true,
      color: PALETTE[i % PALETTE.length]!,
    }));
  if (fundingLines.length > 0)
    body.push(
      figure(
        lineChart({
          title: 'Funding rate per interval, %',
          time,
          unit: '%',
          lines: fundingLines,
          reference: { value: 0.01, label: 'interest 0.01%' },
        }),
      ),
    );
  const fundLines: Line[] = [{ name: 'insurance fund', values: result.series.insurance, color: '#0f766e' }];
  if (result.series.marginInsurance.some((v) => v !== 0))
    fundLines.push({
      name: 'margin insurance fund',
      values: result.series.marginInsurance,
      color: '#7c3aed',
      dashed: true,
    });
  body.push(
    figure(
      lineChart({ title: 'Insurance fund, USDT', time, lines: fundLines, markers: markers(undefined, true) }),
      'Orange: liquidations; red: ADL; purple: margin liquidations.',
    ),
  );

  body.push('<h2>Markets</h2>');
  body.push(
    table(
      ['market', 'kind', 'start', 'end', 'change', 'funding times', 'mean rate', 'min rate', 'max rate'],
      sum.markets.map((m) => [
        m.symbol,
        m.kind,
        formatNumber(m.startPrice),
        formatNumber(m.endPrice),
        { text: `${m.changePct.toFixed(2)}%`, sign: Math.sign(m.changePct) },
        m.fundingTimes === undefined ? '' : String(m.fundingTimes),
        m.fundingRateMean === undefined ? '' : `${(m.fundingRateMean * 100).toFixed(4)}%`,
        m.fundingRateMin === undefined ? '' : `${(m.fundingRateMin * 100).toFixed(4)}%`,
        m.fundingRateMax === undefined ? '' : `${(m.fundingRateMax * 100).toFixed(4)}%`,
      ]),
    ),
  );
  body.push('<h2>Venue</h2>');
  const v = sum.venue;
  body.push(
    table(
      [
        'commands',
        'refused',
        'trades',
        'liquidations',
        'insurance takeovers',
        'ADL fills',
        'margin liquidations',
        ...(pool ? ['lending liquidations', 'bad debts'] : []),
        'funding times',
        'fund start',
        'fund min',
        'fund end',
      ],
      [
        [
          v.commands.toLocaleString('en-US'),
          v.rejected.toLocaleString('en-US'),
          v.trades.toLocaleString('en-US'),
          String(v.liquidations),
          String(v.insuranceTakeovers),
          String(v.adlFills),
          String(v.marginLiquidations),
          ...(pool ? [String(v.lendingLiquidations), String(v.lendingDeficits)] : []),
          String(v.fundingTimes),
          money(sum.insurance.start),
          money(sum.insurance.min),
          money(sum.insurance.end),
        ],
      ],
      0,
    ),
  );
  const flows = Object.entries(sum.insurance.flows);
  if (flows.length > 0)
    body.push(
      table(
        ['insurance fund flow', 'USDT'],
        flows.map(([reason, amount]) => [reason, { text: money(amount), sign: Math.sign(Number(amount)) }]),
      ),
    );

  if (sum.lending) {
    body.push('<h2>Lending pool</h2>');
    body.push(
      table(
        ['reserve', 'oracle price', 'supplied', 'borrowed', 'usage', 'supply APY', 'borrow APY', 'bad debt'],
        sum.lending.map((r) => [
          r.asset,
          formatNumber(r.price),
          amount(r.supplied),
          amount(r.borrowed),
          `${r.utilizationPct.toFixed(2)}%`,
          `${r.supplyApyPct.toFixed(2)}%`,
          `${r.borrowApyPct.toFixed(2)}%`,
          { text: amount(r.deficit), sign: Number(r.deficit) > 0 ? -1 : 0 },
        ]),
      ),
    );
    body.push('<p class="meta">At the end of the run; amounts in each reserve\'s asset.</p>');
  }

  const records = Object.entries(result.liquidations).flatMap(([group, list]) =>
    list.map((r) => ({ group, ...r })),
  );
  if (records.length > 0) {
    records.sort((a, b) => a.time - b.time || a.accountId - b.accountId);
    body.push('<h2>Liquidations</h2>');
    body.push(
      table(
        ['time', 'group', 'account', 'scope', 'positions closed'],
        records.slice(0, 100).map((r) => [
          new Date(r.time).toISOString().slice(0, 16).replace('T', ' '),
          r.group,
          String(r.accountId),
          r.scope,
          {
            text:
              r.scope === 'lending'
                ? `${r.markets.join(', ')}: health factor ${r.healthFactor?.toFixed(4) ?? '?'}, by account ${r.liquidator ?? '?'}`
                : r.markets.join(', '),
            left: true,
          },
        ]),
        2,
      ),
    );
    if (records.length > 100)
      body.push(`<p class="meta">${records.length - 100} more in the JSON result.</p>`);
  }
  body.push(`<p class="meta">Final state hash ${esc(s.stateHash)}</p>`);
  return page(`${s.name}: simulation report`, body.join('\n'));
}

/** Plain sentences for what the run shows: liquidations that closed several markets, ADL, funding bleed, the fund. */
export function highlights(result: SimResult): string[] {
  const out: string[] = [];
  for (const [group, records] of Object.entries(result.liquidations)) {
    const spread = records.filter((r) => r.scope === 'cross' && r.markets.length > 1);
    if (spread.length > 0)
      out.push(
        `${group}: ${spread.length} cross-margin liquidation${spread.length > 1 ? 's' : ''} closed positions in ${[...new Set(spread.flatMap((r) => r.markets))].join(' and ')} together.`,
      );
  }
  const v = result.summary.venue;
  if (v.adlFills > 0) {
    const hit = result.summary.groups.filter((g) => g.adlHits > 0).map((g) => `${g.name} (${g.adlHits})`);
    out.push(
      `Auto-deleveraging: ${v.adlFills} ADL fills closed profitable positions of ${hit.join(', ') || 'accounts outside the groups'}.`,
    );
  }
  for (const g of result.summary.groups) {
    if (g.lendingLiquidations > 0)
      out.push(
        `${g.name}: liquidated ${g.lendingLiquidations} time${g.lendingLiquidations > 1 ? 's' : ''} in the lending pool, its health factor down to ${g.minHealthFactor?.toFixed(3) ?? '?'}.`,
      );
    if (g.lendingLiquidationsMade > 0)
      out.push(
        `${g.name}: made ${g.lendingLiquidationsMade} lending liquidation${g.lendingLiquidationsMade > 1 ? 's' : ''}, PnL ${money(g.pnl)}.`,
      );
  }
  const ins = result.summary.insurance;
  if (Number(ins.min) < Number(ins.start))
    out.push(
      `Insurance fund: ${money(ins.start)} at the start, down to ${money(ins.min)}, ${money(ins.end)} at the end.`,
    );
  for (const g of result.summary.groups) {
    const price = Number(g.pricePnl);
    const funding = Number(g.fundingPaid);
    if (price > 0 && funding > price)
      out.push(
        `${g.name}: the price moved its way (+${money(g.pricePnl)}), but funding cost ${money(g.fundingPaid)}: net ${money(g.pnl)}.`,
      );
  }
  return out;
}

/** An asset amount: up to 4 decimals. */
function amount(text: string): string {
  const v = Number(text);
  return v.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function money(text: string): string {
  const v = Number(text);
  return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
