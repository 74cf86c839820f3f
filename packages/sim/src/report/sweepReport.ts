import type { SweepResult } from '../sweep/types.ts';
import { figure, page, table } from './page.ts';
import { PALETTE, esc, formatNumber, heatmap, lineChart } from './svg.ts';

/** A self-contained HTML report of a sweep: every run's figures, and a heatmap per figure over the grid. */
export function sweepReport(result: SweepResult): string {
  const params = result.parameters;
  const body: string[] = [];
  body.push(`<h1>${esc(result.scenario.name)}: sweep</h1>`);
  body.push(
    `<p class="meta">seed ${result.scenario.seed} · ${result.runs.length} runs over ${params.map((p) => `${esc(p.label)} (${p.values.length})`).join(' x ')}</p>`,
  );
  if (result.scenario.description) body.push(`<p>${esc(result.scenario.description)}</p>`);

  body.push('<h2>Heatmaps</h2>');
  for (const metric of result.metrics) body.push(...charts(result, metric));

  body.push('<h2>Runs</h2>');
  body.push(
    table(
      ['run', ...params.map((p) => p.label), ...result.metrics],
      result.runs.map((r) => [
        String(r.index + 1),
        ...r.values.map((v) => show(v)),
        ...result.metrics.map((m) => {
          const v = r.metrics[m] ?? NaN;
          return {
            text: formatNumber(v),
            sign: m.endsWith('returnPct') || m.endsWith('pnl') ? Math.sign(v) : 0,
          };
        }),
      ]),
      1 + params.length,
    ),
  );
  return page(`${result.scenario.name}: sweep report`, body.join('\n'));
}

/** One figure: a line over one parameter, a heatmap over two, one heatmap per value of a third. */
function charts(result: SweepResult, metric: string): string[] {
  const [px, py, pz] = result.parameters;
  const diverging = /returnPct$|pnl$|pricePnl$/.test(metric);
  const valueAt = (pick: (values: readonly unknown[]) => boolean): number | undefined =>
    result.runs.find((r) => pick(r.values))?.metrics[metric];
  if (!px) return [];
  if (!py) {
    const xs = px.values.map((_, i) => i);
    const ys = px.values.map((v) => valueAt((vals) => same(vals[0], v)) ?? NaN);
    return [
      figure(
        lineChart({
          title: `${metric} by ${px.label}`,
          time: xs,
          lines: [{ name: metric, values: ys, dots: true, color: PALETTE[0]! }],
        }).replace(/<text x="[\d.]+" y="[\d.]+" class="axis" text-anchor="middle">[^<]*<\/text>/g, ''),
        `${px.label}: ${px.values.map(show).join(', ')} (left to right)`,
      ),
    ];
  }
  const layers = pz ? pz.values : [undefined];
  return layers.map((zv) =>
    figure(
      heatmap({
        title: `${metric}${pz ? ` at ${pz.label} = ${show(zv)}` : ''}`,
        xLabel: px.label,
        yLabel: py.label,
        xValues: px.values.map(show),
        yValues: py.values.map(show),
        cells: py.values.map((yv) =>
          px.values.map((xv) =>
            valueAt((vals) => same(vals[0], xv) && same(vals[1], yv) && (pz ? same(vals[2], zv) : true)),
          ),
        ),
        diverging,
      }),
    ),
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
