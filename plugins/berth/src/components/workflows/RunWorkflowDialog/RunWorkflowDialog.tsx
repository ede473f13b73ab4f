import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthWorkflow,
  WorkflowParamValue,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useEnvironments } from '../../../hooks/useEnvironments';
import { useProject } from '../../../hooks/useProject';
import { toProjectRef } from '../../../lib/refs';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { useWorkflowsApi } from '../api';
import { DeployPermissionNote } from './DeployPermissionNote';
import { namedDeployTargets } from './namedDeployTargets';
import { ParamField } from './ParamField';
import {
  initialParamValues,
  ParamValues,
  paramProblems,
  runParams,
} from './paramValues';

/** The deploy-permission note of the environment chosen in a param (none chosen: nothing). */
const ChosenEnvironmentNote = (props: {
  param: string;
  chosen?: { id: string; name: string };
  onRefused: (param: string, refused: boolean) => void;
}) =>
  props.chosen ? (
    <DeployPermissionNote
      key={props.chosen.id}
      param={props.param}
      environment={props.chosen}
      onRefused={props.onRefused}
    />
  ) : null;

/**
 * Starts a run of a workflow: a form built from its params (environments and
 * components picked from the project's), required fields checked before the
 * request, the server's refusal shown.
 */
export const RunWorkflowDialog = (props: {
  workflow: BerthWorkflow;
  onClose: () => void;
  onStarted: (run: WorkflowRunSummary) => void;
}) => {
  const { workflow } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const params = workflow.definition.params ?? [];
  const project = toProjectRef(workflow.projectRef);
  const environments = useEnvironments(project);
  const berthProject = useProject(project);
  const [values, setValues] = useState<ParamValues>(() =>
    initialParamValues(params),
  );
  const [touched, setTouched] = useState(false);
  // Environment params (by name) and deploy jobs (`job:<name>`) whose
  // environment the user may not deploy to.
  const [refused, setRefused] = useState<Record<string, boolean>>({});
  const onRefused = useCallback(
    (name: string, value: boolean) =>
      setRefused(prev =>
        prev[name] === value ? prev : { ...prev, [name]: value },
      ),
    [],
  );
  const deployRefused = Object.values(refused).some(Boolean);
  const problems = paramProblems(params, values);
  const valid = Object.keys(problems).length === 0;
  const action = useBerthAction(
    async () => {
      const run = await api.startWorkflowRun(workflow.id, {
        params: runParams(params, values),
      });
      props.onStarted(run);
    },
    { closes: true },
  );
  const confirm = {
    ...action,
    run: () => {
      setTouched(true);
      return valid ? action.run() : undefined;
    },
  };
  const named = namedDeployTargets(workflow.definition, params, values).flatMap(
    target => {
      const environment = environments.value?.find(
        e => e.name === target.environment || e.id === target.environment,
      );
      return environment ? [{ ...target, environment }] : [];
    },
  );
  const options = {
    environments: (environments.value ?? []).map(e => e.name),
    components: (berthProject.value?.services ?? []).map(s => s.name),
  };
  const set = (name: string, value: WorkflowParamValue) => {
    action.clearError();
    setValues(prev => ({ ...prev, [name]: value }));
  };

  return (
    <ActionDialog
      id="run-workflow"
      onClose={props.onClose}
      title={t('workflows.run.title', {
        name: workflow.title || workflow.name,
      })}
      size="sm"
      action={confirm}
      failed={t('workflows.run.failed')}
      confirmLabel={t('workflows.run.start')}
      disabled={(touched && !valid) || deployRefused}
    >
      {params.length === 0 && (
        <Typography variant="body2">{t('workflows.run.noParams')}</Typography>
      )}
      {params.map(param => (
        <Box key={param.name}>
          <ParamField
            param={param}
            value={values[param.name]}
            onChange={value => set(param.name, value)}
            options={options}
            problem={touched ? problems[param.name] : undefined}
            disabled={action.sending}
          />
          {param.type === 'environment' && (
            <ChosenEnvironmentNote
              param={param.name}
              chosen={environments.value?.find(
                e => e.name === values[param.name],
              )}
              onRefused={onRefused}
            />
          )}
        </Box>
      ))}
      {named.map(target => (
        <DeployPermissionNote
          key={`${target.job} ${target.environment.id}`}
          param={`job:${target.job}`}
          job={target.job}
          environment={target.environment}
          onRefused={onRefused}
        />
      ))}
    </ActionDialog>
  );
};
