import { AvailableRevision } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';
import type { ServiceRow } from './ServicesTable';

/**
 * What a service runs and pins, and "revision N available" when the project
 * has a newer revision than the pin, with the explicit move to it for users
 * who may update the environment.
 */
export const RevisionCell = (props: {
  row: ServiceRow;
  available?: AvailableRevision;
  /** Offered when set: moves the pin to the available revision. */
  onMove?: (revision: number) => void;
  busy?: boolean;
}) => {
  const { row, available, onMove, busy } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const running = row.live?.revision;
  const pinned = row.settings.revision;
  const shown = running ?? pinned;
  return (
    <>
      <Typography variant="body2">{shown ?? '—'}</Typography>
      {pinned !== undefined && running !== undefined && pinned !== running && (
        <Typography variant="caption" component="div">
          {t('servicesTable.pinnedCaption', { revision: String(pinned) })}
        </Typography>
      )}
      {available && (
        <Typography variant="caption" component="div" color="textSecondary">
          {t('servicesTable.available', {
            revision: String(available.available),
          })}
        </Typography>
      )}
      {available && onMove && (
        <Button
          size="small"
          color="primary"
          disabled={busy}
          onClick={() => onMove(available.available)}
          aria-label={t('servicesTable.moveServiceTo', {
            service: row.name,
            revision: String(available.available),
          })}
        >
          {t('servicesTable.moveTo', {
            revision: String(available.available),
          })}
        </Button>
      )}
    </>
  );
};
