import { useState } from 'react';
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';

/**
 * A TanStack table with sortable column headers (a button per header, `aria-sort` on the
 * header cell): the screen health list and the users list.
 */
export function SortableTable<T>(p: {
  id?: string;
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column value types vary per column
  columns: ColumnDef<T, any>[];
  rowId: (row: T) => string;
  initialSort?: SortingState;
  caption: string;
  className?: string;
  rowProps?: (row: T) => Record<string, string | undefined>;
  /** Shown as the only row when there is no data. */
  empty?: string;
}) {
  const { t } = useTranslation('common');
  const [sorting, setSorting] = useState<SortingState>(p.initialSort ?? []);
  const table = useReactTable({
    data: p.data,
    columns: p.columns,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: p.rowId,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <div className="sortable-wrap">
      <table className={p.className} id={p.id}>
        <caption className="visually-hidden">{p.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <th key={h.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} data-column={h.column.id}>
                    {h.column.getCanSort() ? (
                      <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()} title={t('table.sortBy')}>
                        {label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} {...(p.rowProps?.(row.original) ?? {})}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} data-column={cell.column.id}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {p.data.length === 0 && p.empty ? (
            <tr>
              <td colSpan={p.columns.length} className="hint">
                {p.empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
