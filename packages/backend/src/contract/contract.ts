import {
  BerthApi,
  BerthOperation,
  isTerminalOperationStatus,
  ProjectRef,
} from '@berth/plugin-berth-common';
import { Normaliser, Observation } from './transcript';

/** A Berth API to run the scenarios against: the fake, or the real backend through BerthClient. */
export interface ContractTarget {
  /** 'fake' or 'backend', for messages. */
  label: string;
  api: BerthApi;
  /** The project every scenario works in: a System with one Helm service, `hello`. */
  project: ProjectRef;
  /** The two clusters (the local clusters' names in both targets). */
  clusters: [string, string];
  /**
   * Moves the environment's operations on: the fake ends them in turn, as its
   * engine would; the backend runs them by itself (nothing to do).
   */
  advance(environmentId: string): Promise<void>;
}

/** What a scenario gets: the API and the means to record what it observed. */
export interface ContractContext {
  api: BerthApi;
  project: ProjectRef;
  /** `system:<namespace>/<name>` of the project. */
  projectRef: string;
  clusters: [string, string];
  /** A name unique to the scenario (a DNS label), e.g. for its environments. */
  name(suffix: string): string;
  /**
   * Runs a step and records its outcome: the result (through `pick`, which
   * chooses what is compared) or the error (status, name, message, the
   * message through `message` when only its key part is compared). Returns
   * the result, or undefined when it failed.
   */
  step<T>(
    label: string,
    call: () => Promise<T>,
    options?: StepOptions<T>,
  ): Promise<T | undefined>;
  /** As step, but the scenario cannot go on without the result: a failure ends it. */
  must<T>(
    label: string,
    call: () => Promise<T>,
    options?: StepOptions<T>,
  ): Promise<T>;
  /** Records a value the scenario derived itself. */
  note(label: string, value: unknown): void;
  /** Waits for an operation to end and returns it (recording nothing). */
  settle(environmentId: string, operationId: string): Promise<BerthOperation>;
}

export interface StepOptions<T> {
  pick?: (result: T) => unknown;
  message?: (message: string) => string;
}

/** One contract scenario, written once against the BerthApi. */
export interface ContractScenario {
  domain: string;
  name: string;
  run(context: ContractContext): Promise<void>;
}

class ScenarioEnded extends Error {}

interface ErrorShape {
  statusCode?: number;
  body?: { error?: { name?: string; message?: string } };
  name?: string;
  message?: string;
}

function errorOf(
  error: unknown,
  message: (m: string) => string,
): { status?: number; name: string; message: string } {
  const e = error as ErrorShape;
  const body = e.body?.error;
  return {
    status: e.statusCode,
    name: body?.name ?? e.name ?? 'Error',
    message: message(body?.message ?? e.message ?? String(error)),
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Waits until an operation has ended; a deleted environment's operation is read from its project. */
async function settle(
  target: ContractTarget,
  environmentId: string,
  operationId: string,
): Promise<BerthOperation> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await target.advance(environmentId);
    let operation: BerthOperation | undefined;
    try {
      operation = await target.api.getOperation(environmentId, operationId);
    } catch (error) {
      if ((error as ErrorShape).statusCode !== 404) throw error;
      operation = (
        await target.api.listProjectOperations(target.project, { limit: 500 })
      ).find(o => o.id === operationId);
      if (!operation) throw error;
    }
    if (isTerminalOperationStatus(operation.status)) return operation;
    if (Date.now() > deadline) {
      throw new Error(
        `${target.label}: operation ${operationId} (${operation.kind}) is still ${operation.status}`,
      );
    }
    await sleep(250);
  }
}

/**
 * Runs a scenario against a target and returns its transcript, normalised.
 * `prefix` makes the scenario's names unique (the same in both targets).
 */
export async function runScenario(
  scenario: ContractScenario,
  target: ContractTarget,
  prefix: string,
): Promise<unknown[]> {
  const observations: Observation[] = [];
  const normaliser = new Normaliser();
  const record = async <T>(
    label: string,
    call: () => Promise<T>,
    options: StepOptions<T>,
    required: boolean,
  ): Promise<T | undefined> => {
    try {
      const result = await call();
      observations.push({
        step: label,
        result: options.pick ? options.pick(result) : result,
      });
      return result;
    } catch (error) {
      observations.push({
        step: label,
        error: errorOf(error, options.message ?? (m => m)),
      });
      if (required) throw new ScenarioEnded(label);
      return undefined;
    }
  };
  const context: ContractContext = {
    api: target.api,
    project: target.project,
    projectRef: `system:${target.project.namespace}/${target.project.name}`,
    clusters: target.clusters,
    name: suffix => `${prefix}-${suffix}`,
    step: (label, call, options = {}) => record(label, call, options, false),
    must: async (label, call, options = {}) =>
      (await record(label, call, options, true))!,
    note: (label, value) => observations.push({ step: label, result: value }),
    settle: (environmentId, operationId) =>
      settle(target, environmentId, operationId),
  };
  try {
    await scenario.run(context);
  } catch (error) {
    if (!(error instanceof ScenarioEnded)) {
      observations.push({
        step: 'scenario failed',
        error: errorOf(error, m => m),
      });
    }
  }
  return observations.map(o => normaliser.normalise(o));
}
