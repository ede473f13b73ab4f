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
import { useBerthHealth } from '../../hooks/useBerthHealth';
import { useSystems } from '../../hooks/useSystems';
import { ClustersTable } from '../ClustersTable';
import { ProjectsTable } from '../ProjectsTable';

/** The Berth page: projects (catalog Systems) and the clusters Berth deploys to. */
export const BerthPage = () => {
  const systems = useSystems();
  const health = useBerthHealth();

  return (
    <Page themeId="tool">
      <Header
        title="Berth"
        subtitle="Kubernetes environments for the Systems in your catalog"
      />
      <Content>
        <ContentHeader title="Projects and clusters">
          <SupportButton>
            Each System in the catalog is a Berth project; its environments run
            on the clusters below.
          </SupportButton>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            {systems.loading && <Progress />}
            {systems.error && <ResponseErrorPanel error={systems.error} />}
            {systems.value && <ProjectsTable systems={systems.value} />}
          </Grid>
          <Grid item xs={12}>
            {health.loading && <Progress />}
            {health.error && <ResponseErrorPanel error={health.error} />}
            {health.value && <ClustersTable clusters={health.value.clusters} />}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
