import { EmptyState } from '@backstage/core-components';
import { BerthProject } from '@berth/plugin-berth-common';
import Grid from '@material-ui/core/Grid';
import { ProjectCard } from '../ProjectCard';

/** The Berth projects, each with its environments. */
export const ProjectsList = (props: { projects: BerthProject[] }) => {
  if (props.projects.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No Berth projects"
        description="A System of the catalog becomes a Berth project with the berth.dev/project annotation."
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
