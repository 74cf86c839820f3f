import { esc } from './svg.ts';

/** The page around a report: inline style only, so the file opens anywhere, offline. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111827; margin: 0; background: #f9fafb; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
p.meta { color: #4b5563; margin: 0 0 12px; }
p.note { color: #374151; background: #eef2ff; border-left: 3px solid #6366f1; padding: 8px 12px; }
p.warn { color: #92400e; background: #fffbeb; border-left: 3px solid #f59e0b; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; font-size: 11.5px; background: #fff; }
th, td { border: 1px solid #e5e7eb; padding: 3px 4px; text-align: right; white-space: nowrap; }
th { background: #f3f4f6; font-weight: 600; }
td.l, th.l { text-align: left; }
td.neg { color: #b91c1c; }
td.pos { color: #15803d; }
.scroll { overflow-x: auto; }
figure { margin: 14px 0; background: #fff; border: 1px solid #e5e7eb; padding: 6px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #4b5563; font-size: 12.5px; padding: 2px 6px; }
svg .title { font-size: 13px; font-weight: 600; fill: #111827; }
svg .legend, svg .axis { font-size: 11px; fill: #4b5563; }
svg .cell { font-size: 11px; fill: #111827; }
svg .cell.light { fill: #fff; }
svg .grid { stroke: #eef0f3; stroke-width: 1; }
svg .frame { fill: none; stroke: #d1d5db; }
svg .reference { stroke: #b91c1c; stroke-dasharray: 6 4; stroke-width: 1.2; }
svg .marker { stroke-width: 1.2; opacity: 0.75; }
svg .band { fill: #fde68a; opacity: 0.35; }
code { background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

/** An HTML table; cells given as text are escaped, numbers right-aligned and coloured by sign when asked. */
export interface Cell {
  readonly text: string;
  readonly left?: boolean;
  readonly sign?: number;
  readonly title?: string;
}

export function table(
  head: readonly string[],
  rows: readonly (readonly (Cell | string)[])[],
  leftColumns = 1,
): string {
  const th = head.map((h, i) => `<th${i < leftColumns ? ' class="l"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows
    .map((row) =>
      row
        .map((c, i) => {
          const cell = typeof c === 'string' ? { text: c } : c;
          const cls = [
            cell.left || i < leftColumns ? 'l' : '',
            cell.sign && cell.sign < 0 ? 'neg' : cell.sign && cell.sign > 0 ? 'pos' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return `<td${cls ? ` class="${cls}"` : ''}${cell.title ? ` title="${esc(cell.title)}"` : ''}>${esc(cell.text)}</td>`;
        })
        .join(''),
    )
    .map((r) => `<tr>${r}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table></div>`;
}

export function figure(svg: string, caption?: string): string {
  return `<figure>${svg}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;
}
