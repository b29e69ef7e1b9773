import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall, type marshallOptions, type unmarshallOptions } from '@aws-sdk/util-dynamodb';

/**
 * lib-dynamodb's DynamoDBDocumentClient, with the SDK's per-command
 * middleware resolution cached (smithy's `cacheMiddleware`).
 *
 * Measured on the local runtime (bench/verification-cost.ts): resolving the
 * middleware stack again on every send is most of the SDK's main-thread
 * cost — a GetItem costs 1.46 ms through the document client, 0.78 ms
 * through the low-level client and 0.43 ms with the handler cached. The
 * document client refuses `cacheMiddleware` because it adds its marshalling
 * middleware per command instance, so this client marshals at the same key
 * paths itself (each lib-dynamodb command lists them in its inputKeyNodes /
 * outputKeyNodes) and sends the low-level command through a twin of the
 * client, built with the same settings, whose handlers are cached per command class. Adding or removing a
 * middleware on the client's stack drops the cache, so tests that count or
 * inject calls see every later call; so does a test double installed on
 * DynamoDBDocumentClient.prototype.send (aws-sdk-client-mock), which gets
 * the document commands as before.
 */
type KeyNodes = Record<string, unknown> | unknown[] | null;

interface DocumentCommand {
  input: Record<string, unknown>;
  inputKeyNodes: KeyNodes;
  outputKeyNodes: KeyNodes;
  clientCommand: { constructor: new (input: unknown) => unknown };
}

const NEXT_LEVEL = '*';

// The walk lib-dynamodb does (processObj/processKeysInObj in its commands):
// null → the value itself; {} or [] → every member; { '*': n } → every member
// with n; { k: n } → only the members named.
const processObj = (obj: unknown, fn: (v: unknown) => unknown, nodes: KeyNodes): unknown => {
  if (obj === undefined) return undefined;
  if (nodes === null) return fn(obj);
  const keys = Object.keys(nodes);
  if (keys.length === 0) return processAll(obj, fn);
  if (keys.length === 1 && keys[0] === NEXT_LEVEL) {
    const next = (nodes as Record<string, KeyNodes>)[NEXT_LEVEL] ?? null;
    if (Array.isArray(obj)) return obj.map((v) => processObj(v, fn, next));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) out[k] = processObj(v, fn, next);
    return out;
  }
  return processKeys(obj as Record<string, unknown>, fn, nodes as Record<string, KeyNodes>);
};

const processAll = (obj: unknown, fn: (v: unknown) => unknown): unknown => {
  if (Array.isArray(obj)) return obj.map((v) => (v === undefined ? undefined : fn(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v === undefined) continue;
    const processed = fn(v);
    if (processed !== undefined) out[k] = processed;
  }
  return out;
};

const processKeys = (obj: Record<string, unknown>, fn: (v: unknown) => unknown, nodes: Record<string, KeyNodes>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...obj };
  for (const [key, child] of Object.entries(nodes)) {
    const processed = processObj(obj[key], fn, child);
    if (processed !== undefined) out[key] = processed;
  }
  return out;
};

const isDocumentCommand = (command: unknown): command is DocumentCommand =>
  typeof command === 'object' && command !== null && 'inputKeyNodes' in command && 'outputKeyNodes' in command && 'clientCommand' in command;

const documentSend = DynamoDBDocumentClient.prototype.send;

/** The settings each client was built with (createDynamoClient records them), so that its twin is built alike. */
const clientOptions = new WeakMap<DynamoDBClient, DynamoDBClientConfig>();
export const rememberClientOptions = (client: DynamoDBClient, options: DynamoDBClientConfig): DynamoDBClient => {
  clientOptions.set(client, options);
  return client;
};

/**
 * A second client over the same settings with its handlers cached per command
 * class. Middleware added to (or removed from) the first client's stack after
 * this point — call counters, fault injection, Powertools' user agent — is
 * mirrored onto it, and drops its cache.
 */
const cachedTwin = (client: DynamoDBClient, options: DynamoDBClientConfig): DynamoDBClient => {
  const twin = new DynamoDBClient({ ...options, cacheMiddleware: true });
  const mirrored = twin as unknown as { handlers?: unknown; middlewareStack: Record<string, (...args: unknown[]) => unknown> };
  const stack = client.middlewareStack as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['add', 'addRelativeTo', 'use', 'remove', 'removeByTag'] as const) {
    const original = stack[method];
    const twinMethod = mirrored.middlewareStack[method];
    if (typeof original !== 'function' || typeof twinMethod !== 'function') continue;
    stack[method] = function (this: unknown, ...args: unknown[]) {
      delete mirrored.handlers;
      twinMethod.apply(mirrored.middlewareStack, args);
      return original.apply(this, args);
    };
  }
  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    twin.destroy();
    destroy();
  };
  return twin;
};

export class CachedDocumentClient extends DynamoDBDocumentClient {
  private readonly cached?: DynamoDBClient;
  private readonly marshallOptions: marshallOptions;
  private readonly unmarshallOptions: unmarshallOptions;

  constructor(client: DynamoDBClient, translateConfig: TranslateConfig = {}) {
    super(client, translateConfig);
    const options = clientOptions.get(client);
    if (options) this.cached = cachedTwin(client, options);
    this.marshallOptions = { ...translateConfig.marshallOptions, convertTopLevelContainer: translateConfig.marshallOptions?.convertTopLevelContainer ?? true };
    this.unmarshallOptions = { ...translateConfig.unmarshallOptions, convertWithoutMapWrapper: translateConfig.unmarshallOptions?.convertWithoutMapWrapper ?? true };
    this.send = ((...args: unknown[]) => this.sendCached(args)) as DynamoDBDocumentClient['send'];
  }

  private sendCached(args: unknown[]): unknown {
    const [command, ...rest] = args;
    const cached = this.cached;
    const current = DynamoDBDocumentClient.prototype.send;
    if (!cached || rest.length > 0 || !isDocumentCommand(command) || current !== documentSend) {
      return (current as (...a: unknown[]) => unknown).apply(this, args);
    }
    const input = processObj(command.input, (v) => marshall(v as Record<string, unknown>, this.marshallOptions), command.inputKeyNodes);
    const LowLevel = command.clientCommand.constructor;
    return (cached.send(new LowLevel(input) as never) as Promise<unknown>).then((output) =>
      processObj(output, (v) => unmarshall(v as Record<string, never>, this.unmarshallOptions), command.outputKeyNodes),
    );
  }
}
