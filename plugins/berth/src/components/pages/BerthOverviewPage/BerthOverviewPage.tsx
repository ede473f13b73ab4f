import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useSystems } from '../../../hooks/useSystems';
import { ClustersTable } from '../../environments/ClustersTable';
import { OtherSystemsTable } from '../../projects/OtherSystemsTable';
import { ProjectsList } from '../../projects/ProjectsList';
import { MySandboxesCard } from '../../sandboxes/MySandboxesCard';
import { useClusters } from '../../../hooks/useClusters';
import { useProjects } from '../../../hooks/useProjects';
import { berthTranslationRef } from '../../../translation';

/** The Berth page: projects with their environments, the user's sandboxes, and the clusters. */
export const BerthOverviewPage = () => {
  const projects = useProjects();
  const { t } = useTranslationRef(berthTranslationRef);
  const clusters = useClusters();
  const systems = useSystems();
  const projectRefs = new Set(
    (projects.value ?? []).map(p => p.ref.toLocaleLowerCase('en-US')),
  );
  const otherSystems = (systems.value ?? []).filter(
    s => !projectRefs.has(stringifyEntityRef(s)),
  );

  return (
    <Page themeId="tool">
      <Header title={t('overview.title')} subtitle={t('overview.subtitle')} />
      <Content>
        <ContentHeader title={t('overview.projects')}>
          <SupportButton>{t('overview.support')}</SupportButton>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            {projects.loading && <Progress />}
            {projects.error && <ResponseErrorPanel error={projects.error} />}
            {projects.value && <ProjectsList projects={projects.value} />}
          </Grid>
          {projects.value && otherSystems.length > 0 && (
            <Grid item xs={12}>
              <OtherSystemsTable systems={otherSystems} />
            </Grid>
          )}
          <Grid item xs={12}>
            <MySandboxesCard />
          </Grid>
          <Grid item xs={12}>
            {clusters.loading && <Progress />}
            {clusters.error && <ResponseErrorPanel error={clusters.error} />}
            {clusters.value && <ClustersTable clusters={clusters.value} />}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
