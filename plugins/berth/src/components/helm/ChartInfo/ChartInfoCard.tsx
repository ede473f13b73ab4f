import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { TableHeader } from '../../common/TableHeader';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';
import { Note } from '../../common/Note';

/** Where a chart came from, in words. */
export function originText(
  origin: ChartOrigin,
  t: BerthTranslate = englishBerthT,
): string {
  switch (origin.type) {
    case 'repository':
      return t('chartInfo.origins.repository', {
        chart: origin.chart,
        version: origin.version,
        repository: origin.repository ?? origin.url,
      });
    case 'oci':
      return `${origin.ref}:${origin.version}`;
    case 'git':
      return t('chartInfo.origins.git', { path: origin.path, url: origin.url });
    case 'extension':
      return t('chartInfo.origins.extension', {
        chart: origin.chart,
        version: origin.version,
        source: origin.source,
      });
    default:
      return t('chartInfo.origins.upload', { file: origin.filename });
  }
}

const dependencyColor: Record<
  ChartDependencyInfo['status'],
  'default' | 'primary' | 'secondary'
> = {
  bundled: 'default',
  resolved: 'primary',
  unresolved: 'secondary',
};

/** A chart's dependencies with whether Berth could resolve them. */
export const ChartDependencies = (props: {
  dependencies: ChartDependencyInfo[];
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  if (props.dependencies.length === 0) {
    return <Note>{t('chartInfo.noDependencies')}</Note>;
  }
  return (
    <Table size="small" aria-label={t('chartInfo.dependencies')}>
      <TableHeader
        titles={[
          t('chartInfo.dependency'),
          t('chartInfo.version'),
          t('chartInfo.repository'),
          t('chartInfo.status'),
        ]}
      />
      <TableBody>
        {props.dependencies.map(d => {
          return (
            <TableRow key={`${d.alias ?? d.name}`}>
              <TableCell>
                {d.name}
                {d.alias && t('chartInfo.alias', { alias: d.alias })}
              </TableCell>
              <TableCell>{d.version}</TableCell>
              <TableCell>{d.repository ?? '—'}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={t(`chartInfo.statuses.${d.status}`)}
                  color={dependencyColor[d.status]}
                />
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
  const { t } = useTranslationRef(berthTranslationRef);
  const m = info.metadata;
  const rows: Array<[string, ReactNode]> = [
    [t('chartInfo.chart'), `${m.name} ${m.version}`],
    [t('chartInfo.appVersion'), m.appVersion],
    [t('chartInfo.description'), m.description],
    [t('chartInfo.type'), m.type],
    [t('chartInfo.kubeVersion'), m.kubeVersion],
    [t('chartInfo.origin'), originText(info.origin, t)],
    [t('chartInfo.home'), m.home && <Link to={m.home}>{m.home}</Link>],
    [t('chartInfo.keywords'), m.keywords?.join(', ')],
    [
      t('chartInfo.maintainers'),
      m.maintainers
        ?.map(x => (x.email ? `${x.name} <${x.email}>` : x.name))
        .join(', '),
    ],
    [
      'values.schema.json',
      info.schema ? t('chartInfo.schema') : t('chartInfo.noSchema'),
    ],
    [t('chartInfo.digest'), `sha256:${info.digest.slice(0, 12)}…`],
  ];
  const metadata = Object.fromEntries(rows.filter(([, value]) => value));
  return (
    <InfoCard title={props.title ?? t('chartInfo.chart')}>
      {m.deprecated && (
        <Typography color="error" paragraph>
          {t('chartInfo.deprecated')}
        </Typography>
      )}
      <StructuredMetadataTable metadata={metadata} dense />
      <Box mt={2}>
        <Typography variant="subtitle2">
          {t('chartInfo.dependencies')}
        </Typography>
        <ChartDependencies dependencies={info.dependencies} />
      </Box>
    </InfoCard>
  );
};
