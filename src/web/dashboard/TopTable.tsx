/** The top N agents or skills by the chosen column, with everyone else as one "Other" row; a header click sorts. */
import type { DashboardTopQuery } from '../__generated__/graphql.js';
import { formatValue, type Unit } from './format.js';
import { TABLE_FIELDS, type Group, type TableField } from './view.js';

type Row = DashboardTopQuery['analytics']['rows'][number];

export const COLUMNS: Record<
  TableField,
  { field: 'contactsOffered' | 'contactsHandled' | 'handleTime' | 'abandonRate' | 'serviceLevel'; label: string; unit: Unit }
> = {
  CONTACTS_OFFERED: { field: 'contactsOffered', label: 'Offered', unit: 'count' },
  CONTACTS_HANDLED: { field: 'contactsHandled', label: 'Handled', unit: 'count' },
  HANDLE_TIME: { field: 'handleTime', label: 'Avg handle time', unit: 'seconds' },
  ABANDON_RATE: { field: 'abandonRate', label: 'Abandon rate', unit: 'percent' },
  SERVICE_LEVEL: { field: 'serviceLevel', label: 'Service level', unit: 'percent' },
};

export function TopTable(props: { rows: readonly Row[]; by: Group; sort: TableField; dir: 'ASC' | 'DESC'; onSort: (field: TableField) => void }) {
  const { rows, by, sort, dir } = props;
  return (
    <table class="top" data-group={by}>
      <thead>
        <tr>
          <th scope="col">{by === 'agent' ? 'Agent' : 'Skill'}</th>
          {TABLE_FIELDS.map((f) => (
            <th scope="col" key={f} aria-sort={f === sort ? (dir === 'ASC' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" data-sort={f} onClick={() => props.onSort(f)}>
                {COLUMNS[f].label}
                {f === sort ? (dir === 'ASC' ? ' ▲' : ' ▼') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <th scope="row">{r[by] ?? '–'}</th>
            {TABLE_FIELDS.map((f) => {
              const v = r[COLUMNS[f].field];
              return (
                <td key={f} data-field={f} data-value={v ?? ''}>
                  {formatValue(v, COLUMNS[f].unit)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
