import { PageQuery } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';

export const handler = route({ access: ['admin'], query: PageQuery }).handle(async ({ query }) => ({
  body: await repositories().apiKeys.list(query),
}));
