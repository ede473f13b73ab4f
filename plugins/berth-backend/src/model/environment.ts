import {
  BerthEnvironment,
  EnvironmentServiceSettings,
  EnvironmentTier,
} from '@berth/plugin-berth-common';

/** An environment as stored by Berth, with its project's owner. */
export interface StoredEnvironment extends BerthEnvironment {
  /** Owner of the project's System, as last read from the catalog. */
  ownerRef?: string;
}

/** What it takes to store a new environment. */
export interface NewEnvironment {
  projectRef: string;
  name: string;
  cluster: string;
  namespace: string;
  tier: EnvironmentTier;
  createdBy: string;
  values?: string;
  services?: Record<string, EnvironmentServiceSettings>;
  namespaceCreated?: boolean;
}
