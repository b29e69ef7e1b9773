import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { createUpload } from '#shared/services/uploads.ts';

const UploadRequest = z.object({
  sellerId: z.string().trim().min(1).max(128).optional(),
  listingId: z.string().trim().min(1).max(128).optional(),
  claimedProduct: z.string().trim().min(1).max(500).optional(),
  filename: z.string().max(255).optional(),
});

/** POST /uploads: for files over the direct-request cap. PUT the file to uploadUrl; GET /verifications/{id} is PENDING until done. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], body: UploadRequest }).handle(async ({ body, principal }) => {
  const { filename: _filename, ...submission } = body;
  return { status: 201, body: await createUpload(repositories(), submission, principal) };
});
