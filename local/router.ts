import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { MethodNotAllowedError, RouteNotFoundError } from '#shared/domain/errors.ts';
import { Routes, type RouteSpec } from '#shared/http/routes.ts';
import type { Deps } from '#shared/runtime/deps.ts';

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface RouteMatch {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

/** `/issuers/{issuerId}` (API Gateway) → `/issuers/:issuerId` (find-my-way). */
const routerPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The local router: the routes manifest (shared/http/routes.ts) through
 * find-my-way, and each function module's `createHandler` applied to the
 * local composition root's dependencies, once, on the first request.
 */
export const createRouter = (deps: Deps) => {
  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true });
  for (const route of Routes as readonly RouteSpec[]) {
    router.on(route.method as HTTPMethod, routerPath(route.path), () => undefined, { route });
  }
  const handlers = new Map<string, Promise<LambdaHandler>>();

  return {
    /** The route of a request, or the 404/405 domain error the error table renders. */
    match(method: string, path: string): RouteMatch {
      const found = router.find(method as HTTPMethod, path);
      if (found) {
        const { route } = found.store as { route: RouteSpec };
        // find-my-way decodes parameters; API Gateway hands them on encoded and route() decodes them once.
        const pathParameters = Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, encodeURIComponent(v ?? '')]));
        return { route, pathParameters };
      }
      const allowed = (Routes as readonly RouteSpec[]).filter((r) => r.method !== method && router.find(r.method as HTTPMethod, path));
      if (allowed.length > 0) throw new MethodNotAllowedError(`${method} is not allowed on ${path}; use ${allowed.map((r) => r.method).join(', ')}.`);
      throw new RouteNotFoundError(`No route ${method} ${path}.`);
    },
    handler(name: string): Promise<LambdaHandler> {
      let loaded = handlers.get(name);
      if (!loaded) {
        loaded = import(`#functions/${name}/handler.ts`).then(
          (m: { createHandler: (deps: Deps) => LambdaHandler }) => m.createHandler(deps),
        );
        handlers.set(name, loaded);
      }
      return loaded;
    },
  };
};

export type LocalRouter = ReturnType<typeof createRouter>;
