/**
 * The Lambda functions of the stack, derived from the route manifest
 * (shared/http/routes.ts): one function per handler folder, with exactly the
 * access the manifest lists. The stack, the CDK tests and
 * scripts/bundle-sizes.ts all read this list, so they cannot disagree.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventFunctions, Routes, type RouteSpec, type TableAccess } from '#shared/http/routes.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type UploadsAccess = NonNullable<RouteSpec['uploads']>;
export type EventTrigger = (typeof EventFunctions)[number]['trigger'];

export interface FunctionSpec {
  /** Folder under functions/ holding handler.ts (exports `handler`). */
  readonly handler: string;
  readonly table: TableAccess;
  readonly ocr: boolean;
  readonly uploads?: UploadsAccess;
  /** Starts verification batches (cdk/constructs/batches.ts grants it). */
  readonly batches?: NonNullable<RouteSpec['batches']>;
  /** HTTP routes served by this function (empty for event functions). */
  readonly routes: readonly { readonly method: RouteSpec['method']; readonly path: string }[];
  /** Set for functions that are not behind a route. */
  readonly trigger?: EventTrigger;
}

export const entryPath = (handler: string): string => path.join(projectRoot, 'functions', handler, 'handler.ts');

export const handlerExists = (handler: string): boolean => existsSync(entryPath(handler));

/** One spec per handler folder. Two routes on one folder must agree on their access. */
export const functionSpecs = (): FunctionSpec[] => {
  const byHandler = new Map<string, FunctionSpec>();
  for (const route of Routes as readonly RouteSpec[]) {
    const existing = byHandler.get(route.handler);
    const spec: FunctionSpec = {
      handler: route.handler,
      table: route.table,
      ocr: route.ocr === true,
      ...(route.uploads ? { uploads: route.uploads } : {}),
      ...('batches' in route && route.batches ? { batches: route.batches } : {}),
      routes: [...(existing?.routes ?? []), { method: route.method, path: route.path }],
    };
    if (existing && (existing.table !== spec.table || existing.ocr !== spec.ocr || existing.uploads !== spec.uploads)) {
      throw new Error(`Routes for handler '${route.handler}' disagree on table/ocr/uploads access`);
    }
    byHandler.set(route.handler, spec);
  }
  for (const fn of EventFunctions) {
    if (byHandler.has(fn.handler)) throw new Error(`Handler '${fn.handler}' is both a route and an event function`);
    byHandler.set(fn.handler, {
      handler: fn.handler,
      table: fn.table,
      ocr: fn.ocr,
      uploads: fn.uploads,
      routes: [],
      trigger: fn.trigger,
    });
  }
  return [...byHandler.values()];
};

/** PascalCase construct id from a kebab-case handler folder: `create-verification` → `CreateVerification`. */
export const constructId = (handler: string): string =>
  handler
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
