import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { IssuerInput } from '#shared/domain/issuer.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { putIssuer } from '#shared/services/registry.ts';

export const handler = route({ access: ['admin'], path: z.object({ issuerId: IssuerId }), body: IssuerInput }).handle(
  async ({ path, body }) => {
    const { issuer, created } = await putIssuer(repositories(), path.issuerId, body);
    return { status: created ? 201 : 200, body: issuer };
  },
);
