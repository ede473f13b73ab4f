import { BerthEnvironment, EnvironmentServiceSettings } from './model';
import { EnvironmentTier } from './types';
import { BerthOperation } from './operations';

/**
 * Where an environment is in its sleep: `asleep` from the moment its
 * workloads are scaled down; `waking` while wake restores them group by
 * group. An awake environment has no sleep state.
 *
 * @public
 */
export type EnvironmentSleepState = 'asleep' | 'waking';

/**
 * A workload as sleep found it: the replicas of a Deployment or StatefulSet,
 * whether a CronJob was already suspended.
 *
 * @public
 */
export interface SleptWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'CronJob';
  name: string;
  /** The Berth service it belongs to (its `berth.dev/service` label). */
  service?: string;
  /** Deployments and StatefulSets: the replica count restored on wake. */
  replicas?: number;
  /** CronJobs: whether it was suspended before sleep (then wake leaves it so). */
  suspended?: boolean;
}

/**
 * Cron schedules that put an environment to sleep and wake it.
 *
 * @public
 */
export interface SleepSchedule {
  /** Five-field cron expression, e.g. `0 20 * * 1-5`; absent: no scheduled sleep. */
  sleepCron?: string;
  /** Five-field cron expression, e.g. `0 7 * * 1-5`; absent: no scheduled wake. */
  wakeCron?: string;
  /** IANA time zone the crons are read in, e.g. `Europe/Berlin` (default `UTC`). */
  timeZone: string;
  nextSleepAt?: string;
  nextWakeAt?: string;
}

/**
 * An environment's sleep: its state, what was recorded, its schedule.
 *
 * @public
 */
export interface EnvironmentSleep {
  environmentId: string;
  sleeping: boolean;
  state?: EnvironmentSleepState;
  /** When it went to sleep (or began to wake). */
  since?: string;
  /** Who put it to sleep or woke it (`schedule` for the scheduler). */
  actor?: string;
  /** Recorded at sleep, restored at wake; empty when awake. */
  workloads: SleptWorkload[];
  /** Why the last wake did not complete, if it did not. */
  lastError?: string;
  schedule?: SleepSchedule;
}

/**
 * Body of `PUT /environments/:id/sleep-schedule`. A null or absent cron
 * removes that half of the schedule.
 *
 * @public
 */
export interface SetSleepScheduleRequest {
  sleepCron?: string | null;
  wakeCron?: string | null;
  timeZone?: string;
}

/**
 * Body of `POST /environments/:id/copy`: the new environment's name, and
 * overrides of what is copied from the source.
 *
 * @public
 */
export interface CopyEnvironmentRequest {
  name: string;
  /** Default: the source's cluster. */
  cluster?: string;
  /** Default: `<project>-<name>`. */
  namespace?: string;
  /** Default: the source's tier. */
  tier?: EnvironmentTier;
  /** Replaces the source's environment-wide values. */
  values?: string;
  /** Merged over the copied settings of each service (field by field). */
  services?: Record<string, EnvironmentServiceSettings>;
  adoptNamespace?: boolean;
  /** Deploy all services right away (default true). */
  deploy?: boolean;
}

/**
 * What a copy pinned for one service: the revision and the images that ran
 * in the source (by image name).
 *
 * @public
 */
export interface CopiedService {
  revision: number;
  images: Record<string, string>;
}

/**
 * Answer of `POST /environments/:id/copy`.
 *
 * @public
 */
export interface CopyEnvironmentResponse {
  environment: BerthEnvironment;
  sourceId: string;
  services: Record<string, CopiedService>;
  /** The operation that makes the copy's namespace and deploys it. */
  operation?: BerthOperation;
}
