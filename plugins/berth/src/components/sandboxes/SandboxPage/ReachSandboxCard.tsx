import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard, Link } from '@backstage/core-components';
import { BerthSandbox } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { sandboxCurlExamples } from '../../../lib/sandboxes';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';
import { CommandLine } from './CommandLine';

/** The preview hosts of a sandbox: links when their URLs are known, else the hosts. */
const PreviewHosts = (props: { sandbox: BerthSandbox }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { previewUrls, previewHosts } = props.sandbox;
  if (previewUrls.length === 0 && previewHosts.length === 0) {
    return <Note>{t('sandboxes.reach.noPreview')}</Note>;
  }
  return (
    <List dense aria-label={t('sandboxes.reach.previewHosts')}>
      {previewUrls.length > 0
        ? previewUrls.map(url => (
            <ListItem key={url} disableGutters>
              <Link to={url} target="_blank" rel="noopener">
                {url}
              </Link>
            </ListItem>
          ))
        : previewHosts.map(host => (
            <ListItem key={host} disableGutters>
              <Typography variant="body2">{host}</Typography>
            </ListItem>
          ))}
    </List>
  );
};

/**
 * How to reach a sandbox: its preview hosts (no header needed), the headers
 * that carry its key, and curl commands sending them to `target`.
 */
export const ReachSandboxCard = (props: {
  sandbox: BerthSandbox;
  /** Where the curl examples send the request (the base's URL). */
  target: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const key = props.sandbox.routingKey;
  return (
    <InfoCard title={t('sandboxes.reach.title')}>
      <Typography variant="subtitle2">
        {t('sandboxes.reach.previewHosts')}
      </Typography>
      <PreviewHosts sandbox={props.sandbox} />
      <Box mt={2}>
        <Typography variant="subtitle2">
          {t('sandboxes.reach.header')}
        </Typography>
        <CommandLine text={`${key.xEnv.header}: ${key.xEnv.value}`} />
        <CommandLine text={`${key.baggage.header}: ${key.baggage.member}`} />
        <Note>{t('sandboxes.reach.headerHint')}</Note>
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">{t('sandboxes.reach.curl')}</Typography>
        {sandboxCurlExamples(key, props.target).map(command => (
          <CommandLine key={command} text={command} />
        ))}
      </Box>
    </InfoCard>
  );
};
