/** The range's totals, one tile each, with the change against the period it is compared with. */
import type { DashboardTotalsQuery } from '../__generated__/graphql.js';
import { formatChange, formatValue, type Unit } from './format.js';

type Totals = DashboardTotalsQuery['analytics']['totals'];

export const TILES: { field: keyof Omit<Totals, '__typename'>; label: string; unit: Unit }[] = [
  { field: 'contactsOffered', label: 'Contacts offered', unit: 'count' },
  { field: 'contactsHandled', label: 'Contacts handled', unit: 'count' },
  { field: 'abandonRate', label: 'Abandon rate', unit: 'percent' },
  { field: 'serviceLevel', label: 'Service level', unit: 'percent' },
  { field: 'handleTime', label: 'Average handle time', unit: 'seconds' },
];

export function Tiles(props: { totals: Totals; previous: Totals | null | undefined; against: string }) {
  return (
    <div class="tiles">
      {TILES.map((t) => {
        const value = props.totals[t.field] ?? null;
        const change = formatChange(value, props.previous?.[t.field], t.unit);
        return (
          <div class="tile" data-tile={t.field} data-value={value ?? ''} data-previous={props.previous?.[t.field] ?? ''} key={t.field}>
            <div class="label">{t.label}</div>
            <div class="value">{formatValue(value, t.unit)}</div>
            <div class="change">{change === null ? `nothing to compare in ${props.against}` : `${change} vs ${props.against}`}</div>
          </div>
        );
      })}
    </div>
  );
}
