import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent, DynamoDBBatchResponse } from 'aws-lambda';
import type { Deps } from '#shared/runtime/deps.ts';
import type { WebhookRuntime } from '#shared/runtime/webhooks.ts';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { AesSecretBox } from '#shared/webhooks/secret-box.ts';
import { PagesAheadFilterPatterns } from '#shared/services/pages-ahead.ts';
import { matchesFilter, StreamFilterPatterns, type DeliveryJob, type FilterPattern } from '#shared/webhooks/stream.ts';
import { lambdaContext } from './http-adapter.ts';

/**
 * Webhooks on the local runtime, with the same fan-out and delivery
 * handlers as on AWS:
 * - the change feed: dynalite has no Streams, so a middleware on the local
 *   DynamoDB client turns each successful write of a verification, report or
 *   fraud pattern into a DynamoDB Streams record (old and new image, read
 *   around the write) and hands batches, in order, to each of the stream's
 *   consumers whose event-filter patterns it matches (the fan-out, and
 *   render-pages-ahead);
 * - the delivery queue: in-process timers standing in for SQS (delays,
 *   redelivery of failed jobs, a dead-letter log), feeding the delivery
 *   handler SQS-shaped records.
 * Loopback targets are allowed; WEBHOOK_RETRY_SCALE shrinks the schedule.
 */
type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
type DeliveryHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

type StreamRecord = DynamoDBStreamEvent['Records'][number];
type Item = Record<string, AttributeValue>;

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
/** Key prefixes of the item types the fan-out acts on: a cheap pre-filter before the images are read. */
const relevant = (pk: string, sk: string): boolean => pk.startsWith('VERIFICATION#') || sk.startsWith('REPORT#') || pk.startsWith('FRAUD');
const MAX_RECEIVES = 5;
/**
 * How long the local change feed gathers records before a fan-out (ms): as
 * Lambda polls a stream's shard, four times a second. Each fan-out reads the
 * subscriptions of its audiences once, so a longer gather is fewer reads per
 * change (bench:cost).
 */
const BATCH_WINDOW_MS = 250;

const stringOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { S?: unknown }).S === 'string' ? (v as { S: string }).S : undefined;

/** The key of the local secret box: generated on first start, kept next to the data (in memory when there is no file). */
export const localSecretKey = async (keyFile?: string): Promise<Buffer> => {
  if (!keyFile) return randomBytes(32);
  const existing = await readFile(keyFile).catch(() => undefined);
  if (existing?.length === 32) return existing;
  const key = randomBytes(32);
  await mkdir(dirname(keyFile), { recursive: true });
  await writeFile(keyFile, key, { mode: 0o600 });
  return key;
};

export const localSecretBox = async (keyFile?: string): Promise<AesSecretBox> => new AesSecretBox(await localSecretKey(keyFile));

/** An item as a stream image: as it is when already marshalled (the cached client sends low-level commands), else marshalled. */
const asImage = (item: Record<string, unknown>): Item =>
  typeof item.pk === 'string' ? marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false }) : (item as Item);

/** One write of a relevant item, read around the write: what a Streams record is made of. Plain data, so it can cross threads. */
export interface Change {
  key: Item;
  before?: Item;
  after?: Item;
}

const FEED_MIDDLEWARE = 'certverifyLocalChangeFeed';

/**
 * The recording half of the change feed: a middleware on one DynamoDB client
 * that reads the item before and after each successful write of a
 * verification, report or fraud pattern and hands the change to `sink`.
 * Every client that writes has one: the HTTP thread's, and each invocation
 * thread's (with that thread's own feed).
 */
export const recordChanges = (client: DynamoDBDocumentClient, tableName: string, sink: (change: Change) => void): (() => void) => {
  const read = async (key: Item): Promise<Item | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: key.pk?.S, sk: key.sk?.S }, ConsistentRead: true }));
    return Item ? marshall(Item, { removeUndefinedValues: true, convertClassInstanceToMap: false }) : undefined;
  };
  let closed = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; Item?: Record<string, unknown>; Key?: Record<string, unknown> };
      if (closed || !WRITES.has(context.commandName ?? '') || input.TableName !== tableName) return next(args);
      const source = input.Key ?? input.Item ?? {};
      const pk = stringOf(source.pk);
      const sk = stringOf(source.sk);
      if (pk === undefined || sk === undefined || !relevant(pk, sk)) return next(args);
      const key: Item = { pk: { S: pk }, sk: { S: sk } };
      const emit = (before: Item | undefined, after: Item | undefined) => {
        if (before || after) sink({ key, ...(before ? { before } : {}), ...(after ? { after } : {}) });
      };
      if (context.commandName === 'PutItemCommand' && input.Item) {
        // A put's images need no reads: the new image is the item written, the old one comes back with the write (ALL_OLD).
        const put = args.input as { ReturnValues?: string };
        const asked = put.ReturnValues !== undefined && put.ReturnValues !== 'NONE';
        const out = (await next({ ...args, input: { ...put, ReturnValues: 'ALL_OLD' } })) as { output: { Attributes?: Record<string, unknown> } };
        const old = out.output.Attributes;
        if (!asked && old) delete out.output.Attributes;
        emit(old ? asImage(old) : undefined, asImage(input.Item));
        return out as never;
      }
      const before = await read(key);
      const out = await next(args);
      const after = context.commandName === 'DeleteItemCommand' ? undefined : await read(key);
      emit(before, after);
      return out;
    },
    { step: 'initialize', name: FEED_MIDDLEWARE, override: true },
  );
  return () => {
    closed = true;
    client.middlewareStack.remove(FEED_MIDDLEWARE);
  };
};

export class Tracker {
  private readonly pending = new Set<Promise<unknown>>();
  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** The local stand-in for SQS: delayed jobs on timers, up to `concurrency` batches of 10 in flight. */
export class LocalDeliveryQueue implements DeliveryQueue {
  private readonly ready: Array<{ job: DeliveryJob; receives: number; sentAt: number }> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;
  readonly deadLetters: DeliveryJob[] = [];

  constructor(
    private readonly invoke: () => Promise<DeliveryHandler>,
    private readonly tracker: Tracker,
    private readonly concurrency = 8,
  ) {}

  send(jobs: ReadonlyArray<{ job: DeliveryJob; delayMs: number }>): Promise<void> {
    for (const { job, delayMs } of jobs) this.enqueue(job, delayMs, 0);
    return Promise.resolve();
  }

  /** Jobs waiting on a timer or in flight. */
  get size(): number {
    return this.ready.length + this.timers.size + this.inFlight;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ready.length = 0;
  }

  private enqueue(job: DeliveryJob, delayMs: number, receives: number): void {
    if (this.closed) return;
    if (delayMs <= 0) {
      this.ready.push({ job, receives, sentAt: Date.now() });
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(job, 0, receives);
    }, delayMs);
    this.timers.add(timer);
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.concurrency && this.ready.length > 0) {
      const batch = this.ready.splice(0, 10);
      this.inFlight += 1;
      void this.tracker.track(this.run(batch)).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Array<{ job: DeliveryJob; receives: number; sentAt: number }>): Promise<void> {
    const records = batch.map(({ job, receives, sentAt }) => {
      const body = JSON.stringify(job);
      return {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: String(receives + 1),
          SentTimestamp: String(sentAt),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:webhook-deliveries',
        awsRegion: 'local',
      };
    });
    let failed: Set<string>;
    try {
      const handler = await this.invoke();
      const response = await handler({ Records: records } as SQSEvent, lambdaContext('webhook-delivery', 60_000));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      console.error('local webhook delivery failed', e);
      failed = new Set(records.map((r) => r.messageId));
    }
    records.forEach((r, i) => {
      if (!failed.has(r.messageId)) return;
      const entry = batch[i];
      if (!entry) return;
      if (entry.receives + 1 >= MAX_RECEIVES) this.deadLetters.push(entry.job);
      else this.enqueue(entry.job, 1000, entry.receives + 1);
    });
  }
}

/** A function fed by the table's stream: its name, how to get its handler, and its event source's filter patterns and batch size. */
export interface StreamConsumer {
  name: string;
  invoke: () => Promise<StreamHandler>;
  patterns: readonly FilterPattern[];
  batchSize: number;
}

export type StreamConsumerName = 'webhook-fanout' | 'render-pages-ahead';

/**
 * The table's stream consumers, as their event source mappings on AWS feed
 * them (cdk/constructs/webhooks.ts, cdk/certverify-stack.ts): the webhook
 * fan-out, and the pages rendered ahead of a reviewer.
 */
export const streamConsumers = (invoke: (name: StreamConsumerName) => Promise<StreamHandler>): StreamConsumer[] => [
  { name: 'webhook-fanout', invoke: () => invoke('webhook-fanout'), patterns: StreamFilterPatterns, batchSize: 100 },
  { name: 'render-pages-ahead', invoke: () => invoke('render-pages-ahead'), patterns: PagesAheadFilterPatterns, batchSize: 10 },
];

/** One consumer's records waiting for it, and whether a batch of them is being handled. */
interface Lane {
  consumer: StreamConsumer;
  buffer: StreamRecord[];
  running: boolean;
}

/**
 * The consuming half of the change feed: changes as Streams records, to each
 * consumer whose filter patterns they match, in order, one batch at a time
 * per consumer. Each thread that writes has its own (the HTTP thread's, each
 * invocation thread's): like a stream shard, writes of one item reach a
 * consumer in their order (one item is written by one invocation at a time),
 * and no item image crosses a thread.
 */
export class ChangeFeed {
  private readonly lanes: Lane[];
  private sequence = 0;
  private closed = false;

  constructor(
    private readonly tableName: string,
    consumers: readonly StreamConsumer[],
    private readonly tracker: Tracker,
  ) {
    this.lanes = consumers.map((consumer) => ({ consumer, buffer: [], running: false }));
  }

  close(): void {
    this.closed = true;
  }

  record({ key, before, after }: Change): void {
    if (this.closed || (!before && !after)) return;
    const record: StreamRecord = {
      eventID: randomUUID().replaceAll('-', ''),
      eventName: !before ? 'INSERT' : after ? 'MODIFY' : 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${this.tableName}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: key as never,
        ...(after ? { NewImage: after as never } : {}),
        ...(before ? { OldImage: before as never } : {}),
        SequenceNumber: String(++this.sequence).padStart(21, '0'),
        SizeBytes: JSON.stringify(after ?? before).length,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    for (const lane of this.lanes) {
      if (!matchesFilter(record, lane.consumer.patterns)) continue;
      lane.buffer.push(record);
      if (!lane.running) void this.tracker.track(this.drain(lane));
    }
  }

  /**
   * One batch at a time, in write order, like one shard; a failed record is retried, then dropped with a log.
   * Records gather for BATCH_WINDOW_MS first, as Lambda's poll of a stream (about four times a second)
   * gathers them, so that a burst of writes is one invocation, not one per write.
   */
  private async drain(lane: Lane): Promise<void> {
    const { consumer, buffer } = lane;
    lane.running = true;
    try {
      await new Promise((r) => setTimeout(r, BATCH_WINDOW_MS));
      while (buffer.length > 0) {
        let batch = buffer.splice(0, consumer.batchSize);
        for (let attempt = 0; batch.length > 0; attempt++) {
          if (attempt === 3) {
            console.error(`local change feed: ${batch.length} record(s) failed ${consumer.name} 3 times; dropped`);
            break;
          }
          if (attempt > 0) await new Promise((r) => setTimeout(r, 200 * attempt));
          try {
            const handler = await consumer.invoke();
            const response = await handler({ Records: batch }, lambdaContext(consumer.name, 60_000));
            const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
            batch = batch.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
          } catch (e) {
            console.error(`local change feed: ${consumer.name} failed`, e);
          }
        }
      }
    } finally {
      lane.running = false;
    }
  }
}

export interface LocalWebhooks {
  /** Goes into the local composition root (buildLocalDeps({ webhooks })). */
  runtime: WebhookRuntime;
  queue: LocalDeliveryQueue;
  /** Starts the change feed on the root's store client and points the queue and feed at its handlers. */
  attach(deps: Deps): void;
  /** The secret box's key, for the invocation threads' own runtimes. */
  secretKey: Buffer;
  /** Resolves when the change feed and the in-flight deliveries are done (scheduled retries may still wait). */
  settled(): Promise<void>;
  close(): void;
}

export const createLocalWebhooks = async (options: {
  /** Where the local secret-box key lives; in memory when unset. */
  keyFile?: string;
  retryScale?: number;
  /**
   * Runs a function elsewhere (the isolated runtime's invocation threads); by
   * default the fan-out and delivery handlers run on this thread.
   */
  run?: (functionName: string, event: unknown) => Promise<unknown>;
  /** Waits for the change feeds of other threads (the invocation threads') to drain. */
  settleElsewhere?: () => Promise<void>;
}): Promise<LocalWebhooks> => {
  const tracker = new Tracker();
  let attached: Deps | undefined;
  const built = <H>(name: string, load: () => Promise<{ createHandler: (deps: Deps) => unknown }>) => {
    let handler: Promise<H> | undefined;
    const { run } = options;
    if (run) return () => Promise.resolve(((event: unknown) => run(name, event)) as H);
    return () => {
      if (!attached) return Promise.reject(new Error('local webhooks: not attached to a runtime'));
      const deps = attached;
      handler ??= load().then((m) => m.createHandler(deps) as H);
      return handler;
    };
  };
  const streamHandlers: Record<StreamConsumerName, () => Promise<StreamHandler>> = {
    'webhook-fanout': built<StreamHandler>('webhook-fanout', () => import('#functions/webhook-fanout/handler.ts')),
    'render-pages-ahead': built<StreamHandler>('render-pages-ahead', () => import('#functions/render-pages-ahead/handler.ts')),
  };
  const consumers = streamConsumers((name) => streamHandlers[name]());
  const delivery = built<DeliveryHandler>('webhook-delivery', () => import('#functions/webhook-delivery/handler.ts'));
  const queue = new LocalDeliveryQueue(delivery, tracker);
  const secretKey = await localSecretKey(options.keyFile);
  const runtime: WebhookRuntime = {
    secrets: new AesSecretBox(secretKey),
    queue,
    policy: { allowLoopback: true },
    retryScale: options.retryScale ?? 1,
    secretCache: new Map(),
  };
  let feed: ChangeFeed | undefined;
  let stopRecording: (() => void) | undefined;
  return {
    runtime,
    queue,
    secretKey,
    attach: (deps) => {
      attached = deps;
      const changes = new ChangeFeed(deps.repos.table.name, consumers, tracker);
      feed = changes;
      stopRecording = recordChanges(deps.repos.table.doc, deps.repos.table.name, (change) => changes.record(change));
    },
    settled: async () => {
      await options.settleElsewhere?.();
      await tracker.settled();
    },
    close: () => {
      stopRecording?.();
      feed?.close();
      queue.close();
    },
  };
};
