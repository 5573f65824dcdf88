/**
 * Contacts offered per bucket, one line per channel (uPlot on a canvas),
 * with the same numbers as a table for screen readers and for checking.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DashboardSeriesQuery } from '../__generated__/graphql.js';
import { instantFormat } from './format.js';
import type { Granularity } from './view.js';

type Row = DashboardSeriesQuery['analytics']['rows'][number];

export interface Series {
  /** Bucket starts, epoch seconds, ascending. */
  times: number[];
  channels: string[];
  /** values[c][i]: channel c's contacts offered in bucket i (null: none reported). */
  values: (number | null)[][];
}

/**
 * Rows (time, channel, value) as one x axis and a series per channel. A
 * bucket that had not begun when the answer was fetched has no value yet
 * (a gap, not a zero).
 */
export function seriesOf(rows: readonly Row[], fetchedAt: number): Series {
  const times = [...new Set(rows.map((r) => Date.parse(r.time!) / 1000))].sort((a, b) => a - b);
  const channels = [...new Set(rows.map((r) => r.channel ?? '(none)'))].sort();
  const at = new Map(times.map((t, i) => [t, i]));
  const values = channels.map(() => times.map((): number | null => null));
  for (const r of rows) {
    const t = Date.parse(r.time!);
    if (t <= fetchedAt) values[channels.indexOf(r.channel ?? '(none)')]![at.get(t / 1000)!] = r.contactsOffered ?? null;
  }
  return { times, channels, values };
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

export function SeriesChart(props: { series: Series; zone: string; granularity: Granularity }) {
  const box = useRef<HTMLDivElement>(null);
  const { series, zone, granularity } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 280,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
        series: [{}, ...series.channels.map((c, i) => ({ label: c, stroke: COLORS[i % COLORS.length], width: 2, points: { show: series.times.length < 60 } }))],
        axes: [{}, { label: 'contacts offered' }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      },
      [series.times, ...series.values],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 280 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, zone]);
  const label = instantFormat(
    zone,
    granularity === 'HOUR' ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { year: 'numeric', month: 'short', day: 'numeric' },
  );
  return (
    <figure class="chart" data-series={series.channels.length} data-points={series.times.length}>
      <div ref={box} />
      <details>
        <summary>Chart data</summary>
        <table class="chart-data">
          <thead>
            <tr>
              <th scope="col">{granularity === 'HOUR' ? 'Hour' : granularity === 'DAY' ? 'Day' : 'Week of'}</th>
              {series.channels.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.times.map((t, i) => (
              <tr key={t}>
                <th scope="row" data-time={t}>
                  {label.format(t * 1000)}
                </th>
                {series.values.map((v, c) => (
                  <td key={c}>{v[i] ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
