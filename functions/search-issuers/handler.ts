import { IssuerSearchQuery } from '#shared/domain/issuer.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';

export const handler = route({ access: ['admin', 'platform', 'investigator', 'issuer'], query: IssuerSearchQuery }).handle(
  async ({ query }) => ({ body: await repositories().issuers.search(query) }),
);
