import {
  InfoCard,
  Link,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  ChartDependencyInfo,
  ChartInfo,
  ChartOrigin,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';

/** Where a chart came from, in words. */
export function originText(origin: ChartOrigin): string {
  switch (origin.type) {
    case 'repository':
      return `${origin.chart} ${origin.version} from chart repository ${
        origin.repository ?? origin.url
      }`;
    case 'oci':
      return `${origin.ref}:${origin.version}`;
    case 'git':
      return `${origin.path} of ${origin.url}`;
    case 'extension':
      return `${origin.chart} ${origin.version} from chart source ${origin.source}`;
    default:
      return `uploaded ${origin.filename}`;
  }
}

const dependencyStatus: Record<
  ChartDependencyInfo['status'],
  { label: string; color: 'default' | 'primary' | 'secondary' }
> = {
  bundled: { label: 'bundled', color: 'default' },
  resolved: { label: 'resolved', color: 'primary' },
  unresolved: { label: 'unresolved', color: 'secondary' },
};

/** A chart's dependencies with whether Berth could resolve them. */
export const ChartDependencies = (props: {
  dependencies: ChartDependencyInfo[];
}) => {
  if (props.dependencies.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No dependencies.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Dependencies">
      <TableHead>
        <TableRow>
          <TableCell>Dependency</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Repository</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.dependencies.map(d => {
          const status = dependencyStatus[d.status];
          return (
            <TableRow key={`${d.alias ?? d.name}`}>
              <TableCell>
                {d.name}
                {d.alias && ` (as ${d.alias})`}
              </TableCell>
              <TableCell>{d.version}</TableCell>
              <TableCell>{d.repository ?? '—'}</TableCell>
              <TableCell>
                <Chip size="small" label={status.label} color={status.color} />
                {d.reason && (
                  <Typography variant="caption" component="div" color="error">
                    {d.reason}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

/** What a chart is: Chart.yaml's metadata, its origin and its dependencies. */
export const ChartInfoCard = (props: { info: ChartInfo; title?: string }) => {
  const { info } = props;
  const m = info.metadata;
  const metadata: Record<string, unknown> = {
    Chart: `${m.name} ${m.version}`,
    ...(m.appVersion ? { 'App version': m.appVersion } : {}),
    ...(m.description ? { Description: m.description } : {}),
    ...(m.type ? { Type: m.type } : {}),
    ...(m.kubeVersion ? { 'Kubernetes version': m.kubeVersion } : {}),
    Origin: originText(info.origin),
    ...(m.home ? { Home: <Link to={m.home}>{m.home}</Link> } : {}),
    ...(m.keywords?.length ? { Keywords: m.keywords.join(', ') } : {}),
    ...(m.maintainers?.length
      ? {
          Maintainers: m.maintainers
            .map(x => (x.email ? `${x.name} <${x.email}>` : x.name))
            .join(', '),
        }
      : {}),
    'values.schema.json': info.schema ? 'yes: values are checked' : 'none',
    Digest: `sha256:${info.digest.slice(0, 12)}…`,
  };
  return (
    <InfoCard title={props.title ?? 'Chart'}>
      {m.deprecated && (
        <Typography color="error" paragraph>
          This chart version is deprecated.
        </Typography>
      )}
      <StructuredMetadataTable metadata={metadata} dense />
      <Box mt={2}>
        <Typography variant="subtitle2">Dependencies</Typography>
        <ChartDependencies dependencies={info.dependencies} />
      </Box>
    </InfoCard>
  );
};
