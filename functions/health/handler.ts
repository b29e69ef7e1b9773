import { route } from '#shared/http/route.ts';

export const handler = route({ access: 'public' }).handle(() => ({ body: { status: 'ok' } }));
