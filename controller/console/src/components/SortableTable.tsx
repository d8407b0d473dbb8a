import { useState } from 'react';
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';

/**
 * A TanStack table with sortable column headers (a button per header, `aria-sort` on the
 * header cell), for the screen health and camera lists.
 */
export function SortableTable<T>(p: {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column value types vary per column
  columns: ColumnDef<T, any>[];
  rowId: (row: T) => string;
  initialSort?: SortingState;
  caption: string;
  className?: string;
  rowProps?: (row: T) => Record<string, string | undefined>;
  empty: string;
}) {
  const { t } = useTranslation('technician');
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
    <div className="tech-table-wrap">
      <table className={p.className}>
        <caption className="tech-vh">{p.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <th key={h.id} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} data-column={h.column.id}>
                    {h.column.getCanSort() ? (
                      <button type="button" className="tech-sort" onClick={h.column.getToggleSortingHandler()} title={t('table.sortBy')}>
                        {label}
                        <span aria-hidden="true" className="tech-sort-mark">
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
          {p.data.length === 0 ? (
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
