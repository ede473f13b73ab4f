import { useApi } from '@backstage/core-plugin-api';
import { BerthApi, SandboxesApi } from '@berth/plugin-berth-common';
import { berthApiRef } from '../../api';

/** The sandbox methods of the Berth API (berth-common's client implements them). */
export type { SandboxesApi };

/** The Berth API with its sandbox methods. */
export type BerthSandboxesApi = BerthApi & SandboxesApi;

/** The Berth API as the sandbox cards and page use it. */
export function useSandboxesApi(): BerthSandboxesApi {
  return useApi(berthApiRef) as BerthSandboxesApi;
}
