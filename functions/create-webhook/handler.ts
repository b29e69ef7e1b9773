import { CreateWebhookInput } from '#shared/domain/webhook.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { createWebhook } from '#shared/services/webhooks.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], body: CreateWebhookInput }).handle(async ({ body, principal }) => ({
    status: 201,
    body: await createWebhook({ repos: deps.repos, ...deps.webhooks }, principal, body),
  }));

export const handler = lambdaHandler(createHandler);
