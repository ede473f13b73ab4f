import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Link, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BerthSandbox } from '@berth/plugin-berth-common';
import { ReactNode } from 'react';
import { refName } from '../../../lib/refs';
import { formatTime } from '../../../lib/time';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { AsyncResult } from '../../common/AsyncResult';
import { DataTable } from '../../common/DataTable';
import { SandboxStatusChip } from '../common/SandboxStatusChip';
import { useSandboxLinks } from '../common/links';

function columns(
  t: BerthTranslate,
  links: ReturnType<typeof useSandboxLinks>,
  showBase: boolean,
): TableColumn<BerthSandbox>[] {
  const base: TableColumn<BerthSandbox>[] = showBase
    ? [
        {
          title: t('sandboxes.mine.base'),
          render: s => (
            <Link to={links.environment(s.baseEnvironmentId)}>
              {refName(s.projectRef)}/{s.baseEnvironmentName}
            </Link>
          ),
        },
      ]
    : [];
  return [
    {
      title: t('sandboxes.list.name'),
      field: 'name',
      highlight: true,
      render: s => <Link to={links.sandbox(s.id)}>{s.name}</Link>,
    },
    ...base,
    {
      title: t('sandboxes.list.owner'),
      render: s => <EntityRefLink entityRef={s.createdBy} defaultKind="user" />,
    },
    {
      title: t('sandboxes.list.expires'),
      render: s => formatTime(s.expiresAt),
    },
    {
      title: t('sandboxes.list.status'),
      render: s => <SandboxStatusChip status={s.status} message={s.message} />,
    },
    {
      title: t('sandboxes.list.forks'),
      render: s => s.forks.map(f => f.service).join(', '),
    },
  ];
}

/**
 * Sandboxes as a table: name (to the sandbox's page), owner, expiry, status
 * and the services they fork; with `showBase`, their base environment too
 * (as `<project>/<environment>`).
 */
export const SandboxesTable = (props: {
  title: string;
  subtitle?: string;
  result: AsyncResult<BerthSandbox[]>;
  empty: ReactNode;
  showBase?: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useSandboxLinks();
  return (
    <DataTable<BerthSandbox>
      title={props.title}
      subtitle={props.subtitle}
      result={props.result}
      columns={columns(t, links, Boolean(props.showBase))}
      data={props.result.value ?? []}
      empty={props.empty}
    />
  );
};
