import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { ReactNode } from 'react';
import { rootRouteRef } from '../../../routes';

/**
 * A Berth page: the header (typed "Berth", linking to Berth's root page)
 * with its labels, and the content.
 */
export const PageLayout = (props: {
  title: string;
  subtitle?: string;
  /** Header labels, e.g. `HeaderLabel`s. */
  labels?: ReactNode;
  /** What the page is part of; Berth (its root page) without it. */
  type?: { label: string; link: string };
  children?: ReactNode;
}) => {
  const rootLink = useRouteRef(rootRouteRef);
  const type = props.type ?? { label: 'Berth', link: rootLink() };
  return (
    <Page themeId="tool">
      <Header
        title={props.title}
        subtitle={props.subtitle}
        type={type.label}
        typeLink={type.link}
      >
        {props.labels}
      </Header>
      <Content>{props.children}</Content>
    </Page>
  );
};
