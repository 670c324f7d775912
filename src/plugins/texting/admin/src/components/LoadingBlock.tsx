import { Flex, Loader } from '@strapi/design-system';

/** In place of a card's or a modal's content while it loads: a small spinner, centred, saying what loads. */
export const LoadingBlock = ({ children }: { children: string }) => (
  <Flex justifyContent="center" padding={6}>
    <Loader small>{children}</Loader>
  </Flex>
);
