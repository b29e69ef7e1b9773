import { z } from 'zod';
import { ReportNumber } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { presentationsOf } from '#shared/services/verifications.ts';

export const handler = route({ access: ['investigator', 'admin'], path: z.object({ reportNumber: ReportNumber }) }).handle(
  async ({ path }) => ({ body: await presentationsOf(repositories(), path.reportNumber) }),
);
