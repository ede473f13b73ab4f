import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { BerthProject } from '@berth/plugin-berth-common';
import { useWorkflowProjectRuns } from '../../../hooks/useWorkflowProjectRuns';
import { useWorkflows } from '../../../hooks/useWorkflows';
import { useProject } from '../../../hooks/useProject';
import { toProjectRef } from '../../../lib/refs';
import { berthTranslationRef } from '../../../translation';
import { RunsTable } from '../WorkflowPage';
import { runsTouching } from './runsTouching';

/** The System a Component is part of (its `partOf` relation to a System), if any. */
function systemOf(relations: { type: string; targetRef: string }[] = []) {
  return relations.find(
    r => r.type === 'partOf' && r.targetRef.startsWith('system:'),
  )?.targetRef;
}

const ProjectRuns = (props: {
  project: BerthProject;
  componentRef: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const service = props.project.services.find(
    s => s.componentRef.toLowerCase() === props.componentRef.toLowerCase(),
  );
  const workflows = useWorkflows(toProjectRef(props.project.ref));
  const runs = useWorkflowProjectRuns(props.project.ref);
  if (!service) {
    return (
      <EmptyState missing="info" title={t('workflows.entityRuns.notService')} />
    );
  }
  const touching = runsTouching(
    runs.value ?? [],
    workflows.value ?? [],
    service.name,
  );
  return (
    <RunsTable
      title={t('workflows.entityRuns.heading')}
      subtitle={t('workflows.entityRuns.subtitle', {
        project: props.project.title ?? props.project.name,
        service: service.name,
      })}
      runs={touching}
      loading={
        (runs.loading && !runs.value) || (workflows.loading && !workflows.value)
      }
      error={runs.error ?? workflows.error}
      empty={t('workflows.entityRuns.empty')}
      showWorkflow
    />
  );
};

const SystemRuns = (props: { systemRef: string; componentRef: string }) => {
  const project = useProject(toProjectRef(props.systemRef));
  if (project.loading) return <Progress />;
  if (project.error) return <ResponseErrorPanel error={project.error} />;
  return (
    <ProjectRuns project={project.value!} componentRef={props.componentRef} />
  );
};

/**
 * The workflow runs of a Component: the runs of its System's workflows that
 * deploy its service.
 */
export const EntityWorkflowRunsContent = () => {
  const { entity } = useEntity();
  const { t } = useTranslationRef(berthTranslationRef);
  const systemRef = systemOf(entity.relations);
  if (!systemRef) {
    return (
      <EmptyState missing="info" title={t('workflows.entityRuns.notService')} />
    );
  }
  return (
    <SystemRuns
      systemRef={systemRef}
      componentRef={stringifyEntityRef(entity)}
    />
  );
};
