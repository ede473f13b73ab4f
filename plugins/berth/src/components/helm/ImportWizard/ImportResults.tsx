import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  ChartImportItemResult,
  ChartImportResult,
} from '@berth/plugin-berth-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { serviceRouteRef } from '../../../routes';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';
import { TableHeader } from '../../common/TableHeader';

const chipColor: Record<
  ChartImportItemResult['status'],
  'primary' | 'secondary' | 'default'
> = { created: 'primary', updated: 'default', failed: 'secondary' };

/** The summary of an import, e.g. "2 created, 1 failed". */
export function resultSummary(
  result: ChartImportResult,
  t: BerthTranslate = englishBerthT,
): string {
  const n = (count: number) => ({ n: String(count) });
  return (
    [
      result.created && t('importResults.created', n(result.created)),
      result.updated && t('importResults.updated', n(result.updated)),
      result.failed && t('importResults.failed', n(result.failed)),
    ]
      .filter(Boolean)
      .join(', ') || t('importResults.nothing')
  );
}

/**
 * The last step: one row per service with its outcome, failures with the
 * backend's reason, so a partial success shows what to fix.
 */
export const ImportResults = (props: {
  project: { namespace: string; name: string };
  result: ChartImportResult;
  /** The service name of each request item, by index. */
  services: string[];
}) => {
  const serviceLink = useRouteRef(serviceRouteRef);
  const { t } = useTranslationRef(berthTranslationRef);
  const { result } = props;
  return (
    <>
      <Typography
        variant="h6"
        color={result.failed ? 'error' : 'initial'}
        role="status"
      >
        {resultSummary(result, t)}
      </Typography>
      <Table size="small" aria-label={t('importResults.title')}>
        <TableHeader
          titles={[
            t('importResults.service'),
            t('importResults.chart'),
            t('importResults.result'),
            t('importResults.revision'),
            t('importResults.details'),
          ]}
        />
        <TableBody>
          {[...result.items]
            .sort((a, b) => a.index - b.index)
            .map(item => {
              const service = item.service ?? props.services[item.index];
              return (
                <TableRow key={item.index}>
                  <TableCell>
                    {item.status === 'failed' ? (
                      service
                    ) : (
                      <Link
                        to={serviceLink({
                          ...props.project,
                          service,
                        })}
                      >
                        {service}
                      </Link>
                    )}
                  </TableCell>
                  <TableCell>
                    {item.chart
                      ? `${item.chart.name} ${item.chart.version}`
                      : item.path ?? '—'}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={item.status}
                      color={chipColor[item.status]}
                    />
                  </TableCell>
                  <TableCell>{item.revision ?? '—'}</TableCell>
                  <TableCell>
                    {item.error && (
                      <Typography variant="body2" color="error">
                        {item.error.message}
                        {` (${item.error.statusCode})`}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
        </TableBody>
      </Table>
    </>
  );
};
