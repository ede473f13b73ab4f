import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ReactNode } from 'react';

/** Rows a page holds before the table pages. */
const PAGE_SIZE = 20;

/**
 * A dense table of what was read from the API: the error panel when reading
 * failed, a spinner until the first rows came, paging past 20 rows, and a
 * sentence when there are none.
 */
export function DataTable<T extends object>(props: {
  title?: string;
  /** The error panel's title; `title` without it. */
  errorTitle?: string;
  subtitle?: string;
  columns: TableColumn<T>[];
  data: T[];
  /** Shown when `data` is empty. */
  empty: ReactNode;
  loading?: boolean;
  error?: Error;
  /** Without a toolbar (no title, no search). */
  toolbar?: boolean;
}) {
  if (props.error) {
    return (
      <ResponseErrorPanel
        error={props.error}
        title={props.errorTitle ?? props.title}
      />
    );
  }
  return (
    <Table<T>
      title={props.title}
      subtitle={props.subtitle}
      isLoading={props.loading}
      options={{
        paging: props.data.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        search: false,
        ...(props.toolbar === false ? { toolbar: false } : {}),
        padding: 'dense',
      }}
      columns={props.columns}
      data={props.data}
      emptyContent={<div style={{ padding: 16 }}>{props.empty}</div>}
    />
  );
}
