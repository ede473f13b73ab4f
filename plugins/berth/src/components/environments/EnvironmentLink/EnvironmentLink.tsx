import { Link } from '@backstage/core-components';
import { useEnvironmentLink } from '../../../hooks/useEnvironmentLink';

/** An environment's name, linking to its page where the app has one. */
export const EnvironmentLink = (props: { id: string; name: string }) => {
  const environmentLink = useEnvironmentLink();
  const href = environmentLink(props.id);
  return href ? <Link to={href}>{props.name}</Link> : <>{props.name}</>;
};
