import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import { berthTranslationRef } from '../../../translation';
import { CheckboxField } from '../../common/FormFields';
import { ForkFields } from './ForkFields';
import { changeFork, ForkDraft, ForkErrors, toggleFork } from './forkDraft';

/**
 * The forks of a sandbox being created or edited: a checkbox per service of
 * the base that can be forked, and the fields of each picked fork.
 */
export const ForksPicker = (props: {
  /** Prefixes the ids of the fields. */
  id: string;
  /** The base environment's name. */
  base: string;
  /** The services that can be forked. */
  services: string[];
  forks: ForkDraft[];
  onChange: (forks: ForkDraft[]) => void;
  /** What is wrong with each fork, by service. */
  errors: Record<string, ForkErrors>;
  /** What is wrong with the picked forks as a whole (none picked). */
  problem?: string;
  disabled?: boolean;
}) => {
  const { services, forks, onChange, disabled } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <>
      <Box mt={2}>
        <FormLabel component="legend">{t('sandboxes.create.forks')}</FormLabel>
        {services.length === 0 ? (
          <FormHelperText error>
            {t('sandboxes.create.noServices', { base: props.base })}
          </FormHelperText>
        ) : (
          <FormGroup row aria-label={t('sandboxes.create.forks')}>
            {services.map(service => (
              <CheckboxField
                key={service}
                label={t('sandboxes.create.fork', { service })}
                checked={forks.some(f => f.service === service)}
                onChange={on => onChange(toggleFork(forks, service, on))}
                disabled={disabled}
              />
            ))}
          </FormGroup>
        )}
        {props.problem && services.length > 0 && (
          <FormHelperText error>{props.problem}</FormHelperText>
        )}
      </Box>
      {forks.map(fork => (
        <ForkFields
          key={fork.service}
          id={props.id}
          fork={fork}
          errors={props.errors[fork.service] ?? {}}
          onChange={change => onChange(changeFork(forks, fork.service, change))}
          disabled={disabled}
        />
      ))}
    </>
  );
};
