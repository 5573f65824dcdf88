/**
 * The dashboard: a view (kept in the URL) → four panels, each one GraphQL
 * operation, refreshed every `refresh` seconds with ETags so an unchanged
 * answer is a 304.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { AnalyticsQueryInput, RowField } from '../__generated__/graphql.js';
import { canonicalZone, localDate } from '../../zones.js';
import { keyRequired, storedKey, storeKey } from '../key.js';
import { csv } from './api.js';
import { Controls } from './Controls.js';
import { instantFormat } from './format.js';
import { KeyPrompt } from './KeyPrompt.js';
import { CatalogQuery, OptionsQuery, SeriesQuery, TopQuery, TotalsQuery } from './operations.js';
import { Panel } from './Panel.js';
import { SeriesChart, seriesOf } from './SeriesChart.js';
import { Tiles } from './Tiles.js';
import { TopTable } from './TopTable.js';
import { useAnswer } from './use-answer.js';
import { dateRangeOf, filtersOf, granularityOf, parseView, PRESET_LABELS, TABLE_FIELDS, totalsQuestion, viewSearch, type View } from './view.js';

/** The REST body of the top-N table: the same question, snake_case, as CSV. */
function restBody(v: View, zone: string) {
  const range = dateRangeOf(v, zone);
  return {
    metrics: TABLE_FIELDS.map((f) => f.toLowerCase()),
    dimensions: [v.by],
    ...('last' in range
      ? { last: { amount: range.last.amount, unit: 'day', include_current: range.last.includeCurrent ?? false } }
      : { start_date: range.start, end_date: range.end }),
    time_zone: zone,
    filters: filtersOf(v).map((f) => ({ dimension: f.dimension.toLowerCase(), operator: 'in', values: f.values })),
    order_by: [{ field: v.sort.toLowerCase(), direction: v.dir.toLowerCase() }],
    top: v.top,
    others: true,
  };
}

function download(name: string, text: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function App() {
  const [view, setView] = useState(() => parseView(location.search));
  const [tick, setTick] = useState(0);
  // null: no prompt; otherwise the prompt, with the gateway's refusal if a key was tried.
  const [keyPrompt, setKeyPrompt] = useState<{ error: string | null } | null>(() => (keyRequired() && !storedKey() ? { error: null } : null));
  const [csvError, setCsvError] = useState<string | null>(null);

  const onKeyRefused = useCallback((message: string) => {
    const tried = storedKey() !== null;
    storeKey(null);
    setKeyPrompt({ error: tried ? message : null });
  }, []);
  const paused = keyPrompt !== null;

  // The view lives in the URL: a change is a history entry, back and forward restore it.
  useEffect(() => {
    const search = viewSearch(view);
    if (search !== location.search) history.pushState(null, '', location.pathname + search);
  }, [view]);
  useEffect(() => {
    const back = () => setView(parseView(location.search));
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, []);
  useEffect(() => {
    if (!view.refresh || paused) return;
    const id = setInterval(() => setTick((t) => t + 1), view.refresh * 1000);
    return () => clearInterval(id);
  }, [view.refresh, paused]);

  const catalog = useAnswer(CatalogQuery, paused ? null : {}, tick, onKeyRefused);
  const zone = view.tz || catalog.answer?.data.catalog.timeZone || '';
  const granularity = granularityOf(view);
  // A zone this browser does not know can still go to the gateway, which says what is wrong with it;
  // only a custom range needs the browser to know it (for the days' midnights).
  const zoneKnown = zone !== '' && canonicalZone(zone) !== null;
  const zoneProblem =
    view.range === 'custom' && zone !== '' && !zoneKnown
      ? `time zone "${zone}" is not one this browser knows, so the custom range's midnights cannot be found; allowed: an IANA name such as America/New_York (the list offers them)`
      : null;

  const inputs = useMemo(() => {
    if (!zone || paused || zoneProblem) return null;
    const base: Omit<AnalyticsQueryInput, 'dimensions'> = { dateRange: dateRangeOf(view, zone), timeZone: zone, filters: filtersOf(view) };
    const orderBy = [{ field: view.sort as RowField, direction: view.dir }];
    return {
      totals: { query: { ...base, ...totalsQuestion(view, zone, Date.now()), dimensions: [] } },
      series: { query: { ...base, dimensions: ['CHANNEL' as const], granularity, fill: 'ZERO' as const } },
      top: { query: { ...base, dimensions: [view.by === 'agent' ? ('AGENT' as const) : ('SKILL' as const)] }, orderBy, top: view.top },
      options: {
        channels: { dateRange: base.dateRange, timeZone: zone, dimensions: ['CHANNEL' as const], metrics: ['CONTACTS_OFFERED' as const] },
        skills: { dateRange: base.dateRange, timeZone: zone, dimensions: ['SKILL' as const], metrics: ['CONTACTS_OFFERED' as const] },
      },
    };
    // tick: today's tiles run to the end of the current hour, which moves on.
  }, [view, zone, granularity, paused, zoneProblem, tick]);

  const totals = useAnswer(TotalsQuery, inputs?.totals ?? null, tick, onKeyRefused);
  const series = useAnswer(SeriesQuery, inputs?.series ?? null, tick, onKeyRefused);
  const top = useAnswer(TopQuery, inputs?.top ?? null, tick, onKeyRefused);
  const options = useAnswer(OptionsQuery, inputs?.options ?? null, tick, onKeyRefused);
  const seriesData = useMemo(
    () => (series.answer ? seriesOf(series.answer.data.analytics.rows, Date.parse(series.answer.data.analytics.meta.fetchedAt)) : null),
    [series.answer],
  );

  if (keyPrompt) {
    return (
      <main>
        <h1>Contact center</h1>
        <KeyPrompt
          error={keyPrompt.error}
          onKey={(key) => {
            storeKey(key);
            setKeyPrompt(null);
            setTick((t) => t + 1);
          }}
        />
      </main>
    );
  }

  const meta = totals.answer?.data.analytics.meta;
  const stale = [totals, series, top].some((p) => p.answer?.data.analytics.meta.stale);
  const partial = [totals, series, top].some((p) => p.answer && !p.answer.data.analytics.meta.final);
  const warnings = [...new Set([catalog, totals, series, top, options].flatMap((p) => p.answer?.warnings ?? []))];
  const shownZone = zoneKnown ? zone : 'UTC';
  const when = instantFormat(shownZone, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const filters = catalog.answer?.data.catalog.source.filters ?? [];

  return (
    <main>
      <header class="top-bar">
        <h1>Contact center</h1>
        <p class="range" data-range-start={meta?.rangeStart ?? ''} data-range-end={meta?.rangeEnd ?? ''}>
          {PRESET_LABELS[view.range]}
          {meta ? `: ${when.format(Date.parse(meta.rangeStart))} – ${when.format(Date.parse(meta.rangeEnd))}` : ''}
          {zone ? ` (${zone})` : ''}
        </p>
        <p class="badges">
          {stale ? (
            <span class="badge stale" data-badge="stale" title="CXone could not be asked just now: these numbers are the last ones it gave">
              stale
            </span>
          ) : null}
          {partial ? (
            <span class="badge partial" data-badge="partial" title="The range has not ended (or not settled): these numbers will still change">
              partial day
            </span>
          ) : null}
          {meta ? <span class="fetched">fetched {when.format(Date.parse(meta.fetchedAt))}</span> : null}
        </p>
      </header>
      <Controls
        view={view}
        defaultZone={catalog.answer?.data.catalog.timeZone ?? ''}
        today={localDate(shownZone, Date.now())}
        channels={options.answer?.data.channels.rows.map((r) => r.channel ?? '') ?? []}
        skills={options.answer?.data.skills.rows.map((r) => r.skill ?? '') ?? []}
        filters={filters}
        optionsError={options.error}
        onChange={setView}
        onRefresh={() => setTick((t) => t + 1)}
      />
      {catalog.error || zoneProblem ? (
        <p class="error" role="alert">
          {catalog.error ?? zoneProblem}
        </p>
      ) : null}
      {warnings.length ? (
        <ul class="warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <Panel title="Totals" id="totals" error={totals.error} loading={totals.loading}>
        {totals.answer ? (
          <Tiles
            totals={totals.answer.data.analytics.totals}
            previous={totals.answer.data.analytics.previousTotals}
            against={view.range === 'today' ? 'the same hours yesterday' : 'the previous period'}
          />
        ) : null}
      </Panel>
      <Panel title={`Contacts offered by channel, per ${granularity.toLowerCase()}`} id="series" error={series.error} loading={series.loading}>
        {seriesData ? <SeriesChart series={seriesData} zone={shownZone} granularity={granularity} /> : null}
      </Panel>
      <Panel
        title={`Top ${view.top} ${view.by}s`}
        id="top"
        error={top.error ?? csvError}
        loading={top.loading}
        actions={
          <span class="actions">
            <label>
              by{' '}
              <select name="by" value={view.by} onChange={(e) => setView({ ...view, by: (e.currentTarget as HTMLSelectElement).value as View['by'] })}>
                <option value="agent">agent</option>
                <option value="skill">skill</option>
              </select>
            </label>
            <button
              type="button"
              data-action="csv"
              onClick={() =>
                csv(restBody(view, zone)).then(
                  (text) => {
                    setCsvError(null);
                    download(`top-${view.by}s-${view.range === 'custom' ? `${view.from}_${view.to}` : view.range}.csv`, text);
                  },
                  (err: Error) => setCsvError(`CSV download failed: ${err.message}`),
                )
              }
            >
              Download CSV
            </button>
          </span>
        }
      >
        {top.answer ? (
          <TopTable
            rows={top.answer.data.analytics.rows}
            by={view.by}
            sort={view.sort}
            dir={view.dir}
            onSort={(f) => setView({ ...view, sort: f, dir: f === view.sort && view.dir === 'DESC' ? 'ASC' : 'DESC' })}
          />
        ) : null}
      </Panel>
    </main>
  );
}
