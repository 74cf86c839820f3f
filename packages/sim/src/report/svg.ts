/**
 * Charts as inline SVG text: line charts over time with event markers, and heatmaps. No script and
 * nothing fetched: a report opens offline. Hovering a line, a marker or a cell shows its <title>.
 */

export const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
  '#65a30d',
];

export interface Line {
  readonly name: string;
  readonly values: readonly number[];
  readonly color?: string;
  readonly dashed?: boolean;
  /** Own x values (default: the chart's time axis). */
  readonly time?: readonly number[];
  /** Draw a dot per point (sparse series such as funding times). */
  readonly dots?: boolean;
}

export interface ChartMarker {
  readonly time: number;
  readonly label: string;
  readonly color: string;
}

export interface LineChartOptions {
  readonly title: string;
  readonly time: readonly number[];
  readonly lines: readonly Line[];
  readonly markers?: readonly ChartMarker[];
  /** A horizontal reference line, e.g. 100 for a margin ratio. */
  readonly reference?: { readonly value: number; readonly label: string };
  readonly unit?: string;
  /** Shaded spans of time, e.g. shocks. */
  readonly bands?: readonly { readonly start: number; readonly end: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
}

const W = 960;
const H = 280;
const M = { top: 34, right: 16, bottom: 30, left: 70 };

export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? W;
  const height = o.height ?? H;
  const plotW = width - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const xs = o.lines.flatMap((l) => l.time ?? o.time);
  const t0 = Math.min(...(xs.length ? xs : [0]), ...o.time);
  const t1 = Math.max(...(xs.length ? xs : [1]), ...o.time);
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of o.lines)
    for (const v of l.values)
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (o.reference) {
    lo = Math.min(lo, o.reference.value);
    hi = Math.max(hi, o.reference.value);
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.01 || 1;
    lo -= pad;
    hi += pad;
  }
  const ticks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, ticks[0]!);
  hi = Math.max(hi, ticks[ticks.length - 1]!);
  const x = (t: number) => M.left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => M.top + plotH - ((v - lo) / (hi - lo)) * plotH;

  const parts: string[] = [];
  parts.push(`<text x="${M.left}" y="18" class="title">${esc(o.title)}</text>`);
  // Legend on the title line, right-aligned.
  let lx = width - M.right;
  for (const [i, l] of [...o.lines.entries()].reverse()) {
    const color = l.color ?? PALETTE[(o.lines.length - 1 - i) % PALETTE.length]!;
    const label = esc(l.name);
    lx -= label.length * 6.6 + 30;
    parts.push(
      `<line x1="${f(lx)}" y1="14" x2="${f(lx + 14)}" y2="14" stroke="${color}" stroke-width="2.5"${l.dashed ? ' stroke-dasharray="4 3"' : ''}/>` +
        `<text x="${f(lx + 18)}" y="18" class="legend">${label}</text>`,
    );
  }
  const tickStep = ticks.length > 1 ? ticks[1]! - ticks[0]! : Math.abs(ticks[0]!) || 1;
  for (const v of ticks) {
    parts.push(
      `<line x1="${M.left}" x2="${width - M.right}" y1="${f(y(v))}" y2="${f(y(v))}" class="grid"/>` +
        `<text x="${M.left - 6}" y="${f(y(v) + 4)}" class="axis" text-anchor="end">${esc(formatTick(v, tickStep, hi))}${o.unit ? esc(o.unit) : ''}</text>`,
    );
  }
  for (const b of o.bands ?? []) {
    const bx = Math.max(M.left, x(b.start));
    const bw = Math.min(M.left + plotW, x(b.end)) - bx;
    if (bw > 0)
      parts.push(
        `<rect x="${f(bx)}" y="${M.top}" width="${f(Math.max(bw, 1.5))}" height="${plotH}" class="band"><title>${esc(b.label)}</title></rect>`,
      );
  }
  for (const t of timeTicks(t0, t1, 6)) {
    // A label at the right edge would be cut: it ends there instead.
    const anchor = x(t) > width - M.right - 40 ? 'end' : 'middle';
    parts.push(
      `<line x1="${f(x(t))}" x2="${f(x(t))}" y1="${M.top}" y2="${M.top + plotH}" class="grid"/>` +
        `<text x="${f(x(t))}" y="${height - 10}" class="axis" text-anchor="${anchor}">${esc(timeLabel(t, t1 - t0))}</text>`,
    );
  }
  if (o.reference) {
    const ry = f(y(o.reference.value));
    parts.push(
      `<line x1="${M.left}" x2="${width - M.right}" y1="${ry}" y2="${ry}" class="reference"/>` +
        `<text x="${width - M.right - 4}" y="${f(y(o.reference.value) - 4)}" class="axis" text-anchor="end">${esc(o.reference.label)}</text>`,
    );
  }
  const markers = o.markers ?? [];
  const dense = markers.length > 150;
  for (const m of markers) {
    const mx = f(x(m.time));
    const y1 = dense ? M.top + plotH - 10 : M.top;
    parts.push(
      `<line x1="${mx}" x2="${mx}" y1="${y1}" y2="${M.top + plotH}" stroke="${m.color}" class="marker"><title>${esc(m.label)}</title></line>`,
    );
  }
  o.lines.forEach((l, i) => {
    const color = l.color ?? PALETTE[i % PALETTE.length]!;
    const ts = l.time ?? o.time;
    const pts: string[] = [];
    for (let k = 0; k < l.values.length && k < ts.length; k++) {
      const v = l.values[k]!;
      if (Number.isFinite(v)) pts.push(`${f(x(ts[k]!))},${f(y(v))}`);
    }
    if (pts.length === 0) return;
    parts.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.6"${l.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${esc(l.name)}</title></polyline>`,
    );
    if (l.dots && pts.length <= 400)
      for (const p of pts) {
        const [px, py] = p.split(',');
        parts.push(`<circle cx="${px}" cy="${py}" r="2" fill="${color}"/>`);
      }
  });
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  return svg(width, height, parts);
}

export interface HeatmapOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xValues: readonly string[];
  readonly yValues: readonly string[];
  /** cells[y][x]; undefined: no run. */
  readonly cells: readonly (readonly (number | undefined)[])[];
  /** Diverging around 0 (red below, green above) or sequential (light to dark). */
  readonly diverging?: boolean;
}

export function heatmap(o: HeatmapOptions): string {
  const cellW = Math.max(56, Math.min(110, Math.floor(760 / Math.max(1, o.xValues.length))));
  const cellH = 34;
  const left = 110;
  const top = 46;
  const width = left + cellW * o.xValues.length + 20;
  const height = top + cellH * o.yValues.length + 46;
  const values = o.cells.flat().filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const color = (v: number): string => {
    if (o.diverging) {
      const t = Math.max(-1, Math.min(1, v / bound));
      return t < 0 ? mix([255, 255, 255], [220, 38, 38], -t) : mix([255, 255, 255], [22, 163, 74], t);
    }
    const t = hi === lo ? 0.5 : (v - lo) / (hi - lo);
    return mix([239, 246, 255], [30, 64, 175], t);
  };
  const parts: string[] = [`<text x="10" y="18" class="title">${esc(o.title)}</text>`];
  o.yValues.forEach((yv, r) => {
    parts.push(
      `<text x="${left - 8}" y="${top + r * cellH + cellH / 2 + 4}" class="axis" text-anchor="end">${esc(yv)}</text>`,
    );
    o.xValues.forEach((xv, c) => {
      const v = o.cells[r]?.[c];
      const x = left + c * cellW;
      const y = top + r * cellH;
      const fill = v === undefined || !Number.isFinite(v) ? '#f3f4f6' : color(v);
      const text = v === undefined ? '' : formatNumber(v);
      const dark = v !== undefined && isDark(fill);
      parts.push(
        `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${fill}"><title>${esc(`${o.yLabel}=${yv}, ${o.xLabel}=${xv}: ${text}`)}</title></rect>` +
          `<text x="${x + cellW / 2 - 1}" y="${y + cellH / 2 + 4}" class="cell${dark ? ' light' : ''}" text-anchor="middle">${esc(text)}</text>`,
      );
    });
  });
  o.xValues.forEach((xv, c) =>
    parts.push(
      `<text x="${left + c * cellW + cellW / 2}" y="${top - 8}" class="axis" text-anchor="middle">${esc(xv)}</text>`,
    ),
  );
  parts.push(
    `<text x="${left + (cellW * o.xValues.length) / 2}" y="${height - 12}" class="axis" text-anchor="middle">${esc(o.xLabel)}</text>`,
  );
  parts.push(`<text x="10" y="${top - 8}" class="axis">${esc(o.yLabel)} \u2193</text>`);
  return svg(width, height, parts);
}

function svg(width: number, height: number, parts: readonly string[]): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${parts.join('')}</svg>`;
}

function mix(a: readonly number[], b: readonly number[], t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i]! - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function isDark(hex: string): boolean {
  const n = parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

/** About `count` round values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => span / s <= count) ?? 10 * mag;
  const first = Math.floor(lo / step) * step;
  const out: number[] = [];
  for (let v = first; v <= hi + step * 0.5 && out.length < 50; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function timeTicks(t0: number, t1: number, count: number): number[] {
  const span = t1 - t0;
  if (span <= 0) return [t0];
  const steps = [
    60e3,
    300e3,
    900e3,
    3_600e3,
    6 * 3_600e3,
    12 * 3_600e3,
    86_400e3,
    7 * 86_400e3,
    30 * 86_400e3,
    91 * 86_400e3,
    365 * 86_400e3,
  ];
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1]!;
  const out: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
  return out;
}

function timeLabel(t: number, span: number): string {
  const iso = new Date(t).toISOString();
  // Ticks between midnights (every 12 h over a few days) carry their hour, else two would read alike.
  if (span <= 2 * 86_400e3 || t % 86_400e3 !== 0) return iso.slice(5, 16).replace('T', ' ');
  if (span <= 120 * 86_400e3) return iso.slice(0, 10);
  return iso.slice(0, 7);
}

/** 1234567 -> 1.23M; 0.00012 -> 0.00012; keeps charts' labels short. */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${trim((v / 1e9).toFixed(2))}B`;
  if (a >= 1e6) return `${trim((v / 1e6).toFixed(2))}M`;
  if (a >= 1e4) return `${trim((v / 1e3).toFixed(1))}k`;
  if (a >= 100) return trim(v.toFixed(1));
  if (a >= 1) return trim(v.toFixed(2));
  if (a === 0) return '0';
  return trim(v.toPrecision(3));
}

/** An axis label with as many decimals as the step between labels needs, in the unit of the largest. */
function formatTick(v: number, step: number, top: number): string {
  const a = Math.max(Math.abs(top), Math.abs(v));
  const [div, suffix] = a >= 1e9 ? [1e9, 'B'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e4 ? [1e3, 'k'] : [1, ''];
  const decimals = Math.min(8, Math.max(0, -Math.floor(Math.log10(step / div) + 1e-9)));
  return `${(v / div).toFixed(decimals)}${suffix}`;
}

function trim(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
