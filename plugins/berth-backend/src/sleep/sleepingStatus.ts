import {
  BerthEnvironment,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';

/**
 * The status of an asleep environment: `Sleeping`, and so is each service
 * whose workloads are all scaled to zero (one still running says what it
 * does). While waking, and when the cluster is not reachable, the status is
 * what the workloads say.
 */
export function sleepingStatus(
  environment: Pick<BerthEnvironment, 'sleepState'>,
  status: EnvironmentStatus,
): EnvironmentStatus {
  if (environment.sleepState !== 'asleep' || status.status === 'Disconnected') {
    return status;
  }
  return {
    ...status,
    status: 'Sleeping',
    services: status.services.map(service =>
      service.replicas === 0 && service.status !== 'Disconnected'
        ? { ...service, status: 'Sleeping', message: 'Asleep' }
        : service,
    ),
  };
}
