import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../api';

/** Berth's health report: database state and configured clusters. */
export function useBerthHealth() {
  const berthApi = useApi(berthApiRef);
  return useAsync(() => berthApi.getHealth(), [berthApi]);
}
