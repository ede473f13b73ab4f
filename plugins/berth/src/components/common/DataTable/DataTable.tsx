import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ReactNode } from 'react';
import { AsyncResult, loadingFirst } from '../AsyncResult';

/** Rows a page holds before the table pages. */
const PAGE_SIZE = 20;

/**
 * A dense table of what was read from the API: the error panel when reading
 * failed, a spinner until the first rows came, paging past 20 rows, and a
 * sentence when there are none. Given the `result` the rows were read
 * with, it takes its error, and loads only until the first rows came.
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
  /** What the rows were read with; in place of `loading` and `error`. */
  result?: AsyncResult;
  loading?: boolean;
  error?: Error;
  /** Without a toolbar (no title, no search). */
  toolbar?: boolean;
}) {
  const error = props.result?.error ?? props.error;
  const loading = props.result ? loadingFirst(props.result) : props.loading;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={props.errorTitle ?? props.title}
      />
    );
  }
  return (
    <Table<T>
      title={props.title}
      subtitle={props.subtitle}
      isLoading={loading}
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
