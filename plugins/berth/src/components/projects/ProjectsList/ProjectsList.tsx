import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EmptyState } from '@backstage/core-components';
import {
  BERTH_PROJECT_ANNOTATION,
  BerthProject,
} from '@berth/plugin-berth-common';
import Grid from '@material-ui/core/Grid';
import { ProjectCard } from '../ProjectCard';
import { berthTranslationRef } from '../../../translation';

/** The Berth projects, each with its environments. */
export const ProjectsList = (props: { projects: BerthProject[] }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  if (props.projects.length === 0) {
    return (
      <EmptyState
        missing="content"
        title={t('projects.none')}
        description={t('projects.noneDescription', {
          annotation: BERTH_PROJECT_ANNOTATION,
        })}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {props.projects.map(project => (
        <Grid item xs={12} key={project.ref}>
          <ProjectCard project={project} />
        </Grid>
      ))}
    </Grid>
  );
};
