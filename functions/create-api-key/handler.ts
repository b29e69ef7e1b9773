import { CreateApiKeyInput } from '#shared/domain/api-key.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { createApiKey } from '#shared/services/registry.ts';

export const handler = route({ access: ['admin'], body: CreateApiKeyInput }).handle(async ({ body }) => ({
  status: 201,
  body: await createApiKey(repositories(), body),
}));
