import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useMySandboxes } from '../../../hooks/useMySandboxes';
import { berthTranslationRef } from '../../../translation';
import { SandboxesTable } from '../SandboxesTable';

/** The signed-in user's own sandboxes, with their base environments, on the Berth page. */
export const MySandboxesCard = () => {
  const { t } = useTranslationRef(berthTranslationRef);
  const sandboxes = useMySandboxes();
  return (
    <SandboxesTable
      title={t('sandboxes.mine.title')}
      result={sandboxes}
      empty={t('sandboxes.mine.empty')}
      showBase
    />
  );
};
