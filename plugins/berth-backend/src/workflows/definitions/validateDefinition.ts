import { BerthJobType } from '@berth/plugin-berth-node';
import {
  WorkflowDefinition,
  WorkflowJob,
  WorkflowParam,
} from '@berth/plugin-berth-common';
import { nextCronTime } from '../../sleep/cronSchedule';
import { checkJobSpec } from './checkJobSpec';
import {
  expressionsIn,
  formatPath,
  parseExpression,
  walkStrings,
} from './expressions';
import { checkParamValue } from './paramValues';
import { refuse } from './parseDefinition';

/**
 * Checks what the shape does not: unique names, known job types, job specs
 * against their type's input schema, `${...}` references (params declared,
 * jobs of earlier stages only), param defaults and options, trigger crons
 * and branch patterns. InputError listing every problem with its path.
 */
export function validateDefinition(
  definition: WorkflowDefinition,
  jobTypes: ReadonlyMap<string, BerthJobType>,
): void {
  const problems: string[] = [];
  const params = new Map<string, WorkflowParam>();

  (definition.params ?? []).forEach((p, i) => {
    const at = `params[${i}]`;
    if (params.has(p.name))
      problems.push(`${at}.name: duplicate param '${p.name}'`);
    params.set(p.name, p);
    const choice = p.type === 'choice' || p.type === 'multiChoice';
    if (choice && !p.options?.length && !p.optionsFrom) {
      problems.push(
        `${at}.options: a ${p.type} param needs options or optionsFrom`,
      );
    }
    if (p.default !== undefined) {
      const problem = checkParamValue(p, p.default);
      if (problem) problems.push(`${at}.default: ${problem}`);
    }
  });

  const stageNames = new Set<string>();
  const jobStage = new Map<string, number>();
  definition.stages.forEach((stage, s) => {
    if (stageNames.has(stage.name)) {
      problems.push(`stages[${s}].name: duplicate stage '${stage.name}'`);
    }
    stageNames.add(stage.name);
    stage.jobs.forEach((job, j) => {
      if (jobStage.has(job.name)) {
        problems.push(
          `stages[${s}].jobs[${j}].name: duplicate job '${job.name}'`,
        );
      } else jobStage.set(job.name, s);
    });
  });

  definition.stages.forEach((stage, s) => {
    stage.jobs.forEach((job, j) => {
      const at = `stages[${s}].jobs[${j}]`;
      const refProblems = checkReferences(job, s, at, params, jobStage);
      problems.push(...refProblems);
      const type = jobTypes.get(job.type);
      if (!type) {
        problems.push(
          `${at}.type: unknown job type '${job.type}' (known: ${[
            ...jobTypes.keys(),
          ]
            .sort()
            .join(', ')})`,
        );
        return;
      }
      if (refProblems.length === 0) {
        problems.push(...checkJobSpec(type, job.spec, params, `${at}.spec`));
      }
    });
  });

  const group = definition.concurrency?.group;
  if (group) {
    for (const inner of expressionsIn(group)) {
      const ref = parseExpression(inner);
      if (ref?.kind !== 'params' || !params.has(ref.name)) {
        problems.push(
          `concurrency.group: '\${${inner}}' must name a declared param (\${params.<name>})`,
        );
      }
    }
  }

  const triggerNames = new Set<string>();
  (definition.triggers ?? []).forEach((t, i) => {
    const at = `triggers[${i}]`;
    if (triggerNames.has(t.name))
      problems.push(`${at}.name: duplicate trigger '${t.name}'`);
    triggerNames.add(t.name);
    for (const key of Object.keys(t.params ?? {})) {
      if (!params.has(key))
        problems.push(`${at}.params.${key}: no param '${key}' is declared`);
    }
    if (t.type === 'cron') {
      try {
        nextCronTime(t.cron, t.timeZone ?? 'UTC', new Date(), 'cron');
      } catch (error) {
        problems.push(`${at}.cron: ${(error as Error).message}`);
      }
    } else if (t.branches !== undefined) {
      try {
        RegExp(t.branches);
      } catch (error) {
        problems.push(
          `${at}.branches: not a regular expression: ${
            (error as Error).message
          }`,
        );
      }
    }
  });

  if (problems.length > 0) refuse(problems);
}

function checkReferences(
  job: WorkflowJob,
  stageIndex: number,
  at: string,
  params: Map<string, WorkflowParam>,
  jobStage: Map<string, number>,
): string[] {
  const problems: string[] = [];
  const needsEarlier = (name: string, where: string, what: string) => {
    const s = jobStage.get(name);
    if (s === undefined)
      problems.push(
        `${where}: ${what} names job '${name}', which the workflow does not have`,
      );
    else if (s >= stageIndex) {
      problems.push(
        `${where}: ${what} names job '${name}', which is not in an earlier stage`,
      );
    }
  };
  walkStrings(job.spec, [], (text, path) => {
    const where = `${at}.spec${path.length ? `.${formatPath(path)}` : ''}`;
    if (path[path.length - 1] === 'fromJob')
      needsEarlier(text, where, 'fromJob');
    for (const inner of expressionsIn(text)) {
      const ref = parseExpression(inner);
      if (!ref) {
        problems.push(
          `${where}: unknown expression '\${${inner}}' (use \${params.<name>}, \${jobs.<job>.outputs.<name>}, \${run.id} or \${run.sequence})`,
        );
      } else if (ref.kind === 'params' && !params.has(ref.name)) {
        problems.push(`${where}: '\${${inner}}' names no declared param`);
      } else if (ref.kind === 'jobs') {
        needsEarlier(ref.job, where, `'\${${inner}}'`);
      }
    }
  });
  return problems;
}
