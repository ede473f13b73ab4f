import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { PageLayout } from '../../common/PageLayout';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthProject,
  ChartImportResult,
  HelmRegistrySummary,
  HelmRepositorySummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { useProjectUpdatePermission } from '../../../hooks/useProjectUpdatePermission';
import { errorMessage } from '../../../lib/errors';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { projectServicesRouteRef } from '../../../routes';
import {
  candidateValuesProblems,
  ChartCandidate,
  fromChartInfo,
  fromGitTree,
  fromListings,
  importItem,
  serviceProblems,
  sourceOf,
  SourceDraft,
} from './candidates';
import { ChartsStep } from './ChartsStep';
import { ImportResults } from './ImportResults';
import { SourceStep, sourceProblem } from './SourceStep';
import { ChartRead, ValuesStep } from './ValuesStep';
import { berthTranslationRef } from '../../../translation';

const steps = ['source', 'charts', 'values', 'result'] as const;

/** The button that moves the wizard on to the next step. */
interface ForwardButton {
  label: string;
  onClick: () => void;
  disabled?: boolean;
}

/** Reads of the same chart (source and version) are shared. */
function readKey(draft: SourceDraft, c: ChartCandidate): string {
  return JSON.stringify(sourceOf(draft, c));
}

/**
 * The Helm import wizard: source → charts (several at once) → values →
 * result, one row per service with its outcome.
 */
export const ImportWizard = (props: {
  project: BerthProject;
  repositories: HelmRepositorySummary[];
  registries: HelmRegistrySummary[];
}) => {
  const { project } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const servicesLink = useRouteRef(projectServicesRouteRef);
  const [namespace, name] = project.ref.split(':')[1].split('/');
  const projectRef = { namespace, name };
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<SourceDraft>({
    kind: 'repository',
    repository: props.repositories[0]?.name ?? '',
    url: '',
  });
  const [candidates, setCandidates] = useState<ChartCandidate[]>([]);
  const [force, setForce] = useState(false);
  const [reads, setReads] = useState<Record<string, ChartRead>>({});
  const [showProblems, setShowProblems] = useState(false);
  const [result, setResult] = useState<ChartImportResult>();

  const existing = project.services.map(s => s.name);
  const problems = serviceProblems(candidates, existing, force, t);
  const chosen = candidates.filter(c => c.selected);
  const readOf = (c: ChartCandidate) => reads[readKey(draft, c)];
  const valuesInvalid = chosen.some(
    c => candidateValuesProblems(c, readOf(c)?.info).length > 0,
  );

  const {
    run,
    sending: busy,
    error,
    clearError,
  } = useBerthAction((work: () => Promise<void>) => work());

  const readSource = () => {
    setShowProblems(true);
    if (sourceProblem(draft, t)) return;
    run(async () => {
      let found: ChartCandidate[];
      if (draft.kind === 'repository') {
        found = fromListings(
          await berthApi.listRepositoryCharts(
            projectRef,
            draft.repository
              ? { repository: draft.repository }
              : { url: draft.url },
          ),
        );
      } else if (draft.kind === 'git') {
        found = fromGitTree(
          await berthApi.listGitCharts(projectRef, draft.url),
        );
      } else if (draft.kind === 'oci') {
        found = [
          fromChartInfo(
            await berthApi.inspectChart(projectRef, {
              type: 'oci',
              ref: draft.ref,
              version: draft.version,
            }),
          ),
        ];
      } else {
        found = [
          fromChartInfo(
            await berthApi.uploadChartArchive(
              projectRef,
              draft.file!,
              draft.file!.name,
            ),
          ),
        ];
      }
      setCandidates(found);
      setShowProblems(false);
      setStep(1);
    });
  };

  const readCharts = () => {
    setShowProblems(true);
    if (Object.keys(problems).length) return;
    setShowProblems(false);
    setStep(2);
    const next = { ...reads };
    for (const c of chosen) {
      const key = readKey(draft, c);
      if (next[key]?.info || next[key]?.loading) continue;
      if (c.info) {
        next[key] = { loading: false, info: c.info };
        continue;
      }
      next[key] = { loading: true };
      berthApi.inspectChart(projectRef, sourceOf(draft, c)).then(
        info => setReads(r => ({ ...r, [key]: { loading: false, info } })),
        e => setReads(r => ({ ...r, [key]: { loading: false, error: e } })),
      );
    }
    setReads(next);
  };

  const importCharts = () =>
    run(async () => {
      const items = chosen.map(c =>
        importItem(draft, c, {
          info: c.info ?? readOf(c)?.info,
          rules: project.imageRules,
        }),
      );
      try {
        setResult(await berthApi.importCharts(projectRef, { items, force }));
      } catch (e) {
        // One item that fails answers with its own error, not a 207.
        if (items.length !== 1) throw e;
        const status = (e as { statusCode?: number }).statusCode ?? 500;
        setResult({
          items: [
            {
              index: 0,
              service: chosen[0].service,
              status: 'failed',
              error: {
                name: (e as Error).name,
                message: errorMessage(e),
                statusCode: status,
              },
            },
          ],
          created: 0,
          updated: 0,
          failed: 1,
        });
      }
      setStep(3);
    });

  const restart = () => {
    setStep(0);
    setCandidates([]);
    setResult(undefined);
    clearError();
  };

  // The button that moves the wizard on from each step but the last.
  const forward: ForwardButton | undefined = [
    {
      label:
        draft.kind === 'upload'
          ? t('importWizard.upload')
          : t('importWizard.findCharts'),
      onClick: readSource,
    },
    {
      label:
        chosen.length === 1
          ? t('importWizard.nextOne')
          : t('importWizard.next', { n: String(chosen.length) }),
      onClick: readCharts,
    },
    {
      label:
        chosen.length === 1
          ? t('importWizard.importOne')
          : t('importWizard.import', { n: String(chosen.length) }),
      onClick: importCharts,
      disabled: valuesInvalid,
    },
  ][step];

  return (
    <InfoCard title={t('importWizard.title')}>
      <Stepper activeStep={step} alternativeLabel>
        {steps.map(key => (
          <Step key={key}>
            <StepLabel>{t(`importWizard.steps.${key}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>

      {step === 0 && (
        <SourceStep
          draft={draft}
          onChange={d => {
            setDraft(d);
            clearError();
          }}
          repositories={props.repositories}
          registries={props.registries}
          showProblems={showProblems}
          disabled={busy}
        />
      )}
      {step === 1 && (
        <ChartsStep
          candidates={candidates}
          onChange={setCandidates}
          problems={problems}
          showProblems={showProblems}
          force={force}
          onForceChange={setForce}
          disabled={busy}
        />
      )}
      {step === 2 && (
        <ValuesStep
          candidates={candidates}
          reads={Object.fromEntries(
            chosen.map(c => [c.key, readOf(c) ?? { loading: true }]),
          )}
          onValues={(key, values) =>
            setCandidates(cs =>
              cs.map(c => (c.key === key ? { ...c, values } : c)),
            )
          }
          onValuesUrl={(key, valuesUrl) =>
            setCandidates(cs =>
              cs.map(c => (c.key === key ? { ...c, valuesUrl } : c)),
            )
          }
          imageRules={project.imageRules}
          onExcludedImages={(key, excludedImages) =>
            setCandidates(cs =>
              cs.map(c => (c.key === key ? { ...c, excludedImages } : c)),
            )
          }
          disabled={busy}
        />
      )}
      {step === 3 && result && (
        <ImportResults
          project={projectRef}
          result={result}
          services={chosen.map(c => c.service)}
        />
      )}

      {busy && <Progress />}
      {error && (
        <Box mt={2} role="alert">
          <Typography color="error">{error}</Typography>
        </Box>
      )}

      <Box mt={2} display="flex" style={{ gap: 8 }}>
        {step > 0 && step < 3 && (
          <Button onClick={() => setStep(step - 1)} disabled={busy}>
            {t('importWizard.back')}
          </Button>
        )}
        {forward && (
          <Button
            color="primary"
            variant="contained"
            onClick={forward.onClick}
            disabled={busy || Boolean(forward.disabled)}
          >
            {forward.label}
          </Button>
        )}
        {step === 3 && (
          <>
            <Button onClick={restart}>{t('importWizard.more')}</Button>
            <Button
              color="primary"
              variant="contained"
              component={RouterLink}
              to={servicesLink(projectRef)}
            >
              {t('importWizard.toServices')}
            </Button>
          </>
        )}
      </Box>
    </InfoCard>
  );
};

/** The import wizard page, at `/berth/projects/:namespace/:name/import`. */
export const ImportWizardPage = () => {
  const { namespace = '', name = '' } = useParams();
  const berthApi = useApi(berthApiRef);
  const { t } = useTranslationRef(berthTranslationRef);
  const permission = useProjectUpdatePermission({ namespace, name });
  const sources = useAsync(async () => {
    const [project, repositories, registries] = await Promise.all([
      berthApi.getProject({ namespace, name }),
      berthApi.listHelmRepositories(),
      berthApi.listHelmRegistries(),
    ]);
    return { project, repositories, registries };
  }, [berthApi, namespace, name]);
  const title =
    sources.value?.project.title ?? sources.value?.project.name ?? name;

  return (
    <PageLayout
      title={t('importWizard.pageTitle', { project: title })}
      subtitle={t('importWizard.pageSubtitle')}
    >
      {!permission.loading && !permission.allowed && (
        <WarningPanel
          title={t('importWizard.notAllowed')}
          message={t('importWizard.notAllowedMessage')}
        />
      )}
      {sources.loading && <Progress />}
      {sources.error && <ResponseErrorPanel error={sources.error} />}
      {sources.value && permission.allowed && (
        <ImportWizard {...sources.value} />
      )}
    </PageLayout>
  );
};
