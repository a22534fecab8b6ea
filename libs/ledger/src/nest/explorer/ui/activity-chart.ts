/// <reference lib="dom" />
// The ledger page's chart of blocks over time: one SVG bar per period, each titled with its period
// and count, the chart named and described in words (for screen readers and anyone else), and the
// same numbers as a table beneath it. The counts come from the explorer's API (api/activity).
import { el, svg, table } from './dom';

export interface BlockActivity {
  tip: number;
  periodMs: number;
  periods: Array<{ start: string; end: string; blocks: number }>;
  blocksRead: number;
}

const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 48, right: 8, top: 12, bottom: 36 };

/** An ISO time as the chart shows it (UTC, to the millisecond: periods may be shorter than a second). */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

const UNITS: Array<[string, number]> = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1_000]];

/** A period's length in its largest unit, to a tenth. */
function duration(ms: number): string {
  const [unit, size] = UNITS.find(([, size]) => ms >= size) ?? ['millisecond', 1];
  const count = Math.round((ms / size) * 10) / 10;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** The chart's summary in words: the total, the span, the period and the busiest period. */
function describe({ periods, periodMs }: BlockActivity): string {
  const total = periods.reduce((sum, p) => sum + p.blocks, 0);
  const busiest = periods.reduce((best, p) => (p.blocks > best.blocks ? p : best));
  return `${total} blocks from ${when(periods[0].start)} to ${when(periods[periods.length - 1].end)}, in ${periods.length} periods of ${duration(periodMs)}; the busiest, from ${when(busiest.start)}, holds ${busiest.blocks}.`;
}

function bars(periods: BlockActivity['periods']): SVGElement[] {
  const max = Math.max(1, ...periods.map((p) => p.blocks));
  const [width, height] = [WIDTH - PLOT.left - PLOT.right, HEIGHT - PLOT.top - PLOT.bottom];
  const step = width / periods.length;
  return periods.map((p, i) => {
    const barHeight = (p.blocks / max) * height;
    const attributes = { class: 'bar', x: (PLOT.left + i * step + step * 0.1).toFixed(1), y: (PLOT.top + height - barHeight).toFixed(1), width: (step * 0.8).toFixed(1), height: barHeight.toFixed(1), 'data-blocks': p.blocks };
    return svg('rect', attributes, svg('title', {}, `${when(p.start)} to ${when(p.end)}: ${p.blocks} block${p.blocks === 1 ? '' : 's'}`));
  });
}

function axes(periods: BlockActivity['periods']): SVGElement[] {
  const max = Math.max(1, ...periods.map((p) => p.blocks));
  const [baseline, right] = [HEIGHT - PLOT.bottom, WIDTH - PLOT.right];
  return [
    svg('line', { class: 'axis', x1: PLOT.left, y1: baseline, x2: right, y2: baseline }),
    svg('line', { class: 'axis', x1: PLOT.left, y1: PLOT.top, x2: PLOT.left, y2: baseline }),
    svg('text', { x: PLOT.left - 6, y: PLOT.top + 4, 'text-anchor': 'end' }, max),
    svg('text', { x: PLOT.left - 6, y: baseline, 'text-anchor': 'end' }, 0),
    svg('text', { x: PLOT.left, y: HEIGHT - 10 }, when(periods[0].start)),
    svg('text', { x: right, y: HEIGHT - 10, 'text-anchor': 'end' }, when(periods[periods.length - 1].end)),
  ];
}

/** The section of the ledger page: the chart, its description, and the numbers as a table. */
export function activityChart(activity: BlockActivity): HTMLElement {
  const chart = svg(
    'svg',
    { class: 'activity', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': 'activity-title', 'aria-describedby': 'activity-caption' },
    svg('title', { id: 'activity-title' }, 'Blocks committed per period'),
    ...axes(activity.periods),
    ...bars(activity.periods),
  );
  return el(
    'section',
    { id: 'block-activity', 'aria-labelledby': 'activity-heading' },
    el('h2', { id: 'activity-heading' }, 'Blocks over time'),
    el('figure', {}, chart, el('figcaption', { id: 'activity-caption' }, describe(activity))),
    el(
      'details',
      {},
      el('summary', {}, 'The same numbers as a table'),
      table('Blocks committed per period', ['From', 'Until', 'Blocks'], activity.periods.map((p) => [when(p.start), when(p.end), p.blocks])),
    ),
  );
}
