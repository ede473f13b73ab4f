import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { WorkflowService } from '../workflows/WorkflowService';

/**
 * Seeds the demo project's workflows (the `workflows` list of
 * examples/demo-project.yaml: a name and a definition file each), each once:
 * a workflow of that name that exists already is left as it is.
 */
export async function seedDemoWorkflows(options: {
  file: string;
  rootDir: string;
  workflows: Pick<WorkflowService, 'getWorkflowByName' | 'createWorkflow'>;
  logger: LoggerService;
}): Promise<void> {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(options.rootDir, p));
  const demo = parse(await readFile(path(options.file), 'utf8')) as {
    project: string;
    workflows?: Array<{ name: string; file: string }>;
  };
  for (const { name, file } of demo.workflows ?? []) {
    const exists = await options.workflows
      .getWorkflowByName(demo.project, name)
      .then(
        () => true,
        error => {
          if (error instanceof NotFoundError) return false;
          throw error;
        },
      );
    if (exists) continue;
    await options.workflows.createWorkflow(
      demo.project,
      { name, yaml: await readFile(path(file), 'utf8') },
      'user:default/guest',
    );
    options.logger.info(`Seeded demo workflow ${name} of ${demo.project}`);
  }
}
