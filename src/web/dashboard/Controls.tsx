/** The view's controls: range presets, custom days, time zone, filters and refresh. Every change is a new View. */
import { PRESET_LABELS, PRESETS, REFRESH_CHOICES, type View } from './view.js';

const zones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

function Choices(props: {
  name: string;
  label: string;
  options: readonly string[];
  chosen: string[];
  error: string | null;
  onChange: (chosen: string[]) => void;
}) {
  const { options, chosen } = props;
  // A chosen value the range has no contacts for stays listed, so it can be taken off.
  const all = [...new Set([...options, ...chosen])].sort();
  return (
    <details class="choices" data-filter={props.name}>
      <summary>
        {props.label}: {chosen.length ? chosen.join(', ') : 'all'}
      </summary>
      <div>
        {props.error ? <p class="error">could not list them: {props.error}</p> : all.length === 0 ? <p>none in this range</p> : null}
        {all.map((o) => (
          <label key={o}>
            <input
              type="checkbox"
              value={o}
              checked={chosen.includes(o)}
              onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
            />
            {o}
          </label>
        ))}
        {chosen.length ? (
          <button type="button" onClick={() => props.onChange([])}>
            all {props.label.toLowerCase()}s
          </button>
        ) : null}
      </div>
    </details>
  );
}

export function Controls(props: {
  view: View;
  defaultZone: string;
  /** Today in the view's zone: a new custom range starts and ends there. */
  today: string;
  channels: string[];
  skills: string[];
  filters: readonly string[];
  /** Why the channels and skills could not be listed, if they could not. */
  optionsError: string | null;
  onChange: (v: View) => void;
  onRefresh: () => void;
}) {
  const { view: v, onChange } = props;
  return (
    <form class="controls" onSubmit={(e) => e.preventDefault()}>
      <div class="presets" role="group" aria-label="Range">
        {PRESETS.map((p) => (
          <button
            type="button"
            key={p}
            data-range={p}
            aria-pressed={v.range === p}
            onClick={() => onChange(p === 'custom' ? { ...v, range: p, from: v.from || props.today, to: v.to || props.today } : { ...v, range: p })}
          >
            {PRESET_LABELS[p]}
          </button>
        ))}
      </div>
      {v.range === 'custom' ? (
        <span class="custom">
          <label>
            From{' '}
            <input type="date" name="from" value={v.from} max={v.to} onChange={(e) => onChange({ ...v, from: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label>
            to <input type="date" name="to" value={v.to} min={v.from} onChange={(e) => onChange({ ...v, to: (e.currentTarget as HTMLInputElement).value })} />
          </label>
        </span>
      ) : null}
      <label>
        Time zone{' '}
        <input
          name="tz"
          list="zones"
          placeholder={props.defaultZone}
          value={v.tz}
          onChange={(e) => onChange({ ...v, tz: (e.currentTarget as HTMLInputElement).value.trim() })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...v, tz: (e.currentTarget as HTMLInputElement).value.trim() });
          }}
        />
        <datalist id="zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      {(
        [
          ['channel', 'Channel', 'channels'],
          ['skill', 'Skill', 'skills'],
        ] as const
      ).map(([name, label, field]) =>
        props.filters.includes(name) ? (
          <Choices
            key={name}
            name={name}
            label={label}
            options={props[field]}
            chosen={v[field]}
            error={props.optionsError}
            onChange={(chosen) => onChange({ ...v, [field]: chosen })}
          />
        ) : null,
      )}
      <label>
        Refresh{' '}
        <select name="refresh" value={String(v.refresh)} onChange={(e) => onChange({ ...v, refresh: Number((e.currentTarget as HTMLSelectElement).value) })}>
          {[...new Set([...REFRESH_CHOICES, v.refresh])].map((s) => (
            <option key={s} value={String(s)}>
              {s === 0 ? 'off' : s < 60 ? `${s} s` : `${s / 60} min`}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-action="refresh" onClick={props.onRefresh}>
        Refresh now
      </button>
    </form>
  );
}
