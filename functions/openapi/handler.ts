import { route } from '#shared/http/route.ts';
import { openApiDocument } from '#shared/http/openapi.ts';

export const handler = route({ access: 'public' }).handle(() => ({ body: openApiDocument() }));
