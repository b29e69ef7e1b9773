import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WebhookNotFoundError } from '#shared/domain/errors.ts';
import type { DeliveryState, Webhook, WebhookDelivery } from '#shared/domain/webhook.ts';
import { Entity, Keys } from './access-patterns.ts';
import { batchGetAll, batchWriteAll } from './batch.ts';
import { dynamo, isConditionFailed, stripKeys, type Table } from './table.ts';

/** A webhook as stored: its owner, the audience its events come from, and the sealed secret. */
export type StoredWebhook = Webhook & { owner: string; audience: string; sealedSecret: string };

/** A delivery as stored: the body is fixed when the event fans out, so every attempt sends the same bytes. */
export type StoredDelivery = WebhookDelivery & { webhookId: string; payload: string };

/** Delivery log entries expire (DynamoDB TTL on AWS) after this long. */
const DELIVERY_RETENTION_DAYS = 30;

const publicView = (w: StoredWebhook): Webhook => ({
  webhookId: w.webhookId,
  url: w.url,
  events: w.events,
  ...(w.description ? { description: w.description } : {}),
  state: w.state,
  createdAt: w.createdAt,
});

export class WebhookRepository {
  constructor(private readonly table: Table) {}

  async create(webhook: StoredWebhook): Promise<void> {
    await dynamo('PutItem', () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...Keys.webhook(webhook.webhookId),
            ...Keys.webhookListing(webhook.owner, webhook.createdAt, webhook.webhookId),
            ...Keys.webhookAudience(webhook.audience, webhook.createdAt, webhook.webhookId),
            entity: Entity.Webhook,
            ...webhook,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(webhookId: string): Promise<StoredWebhook | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: Keys.webhook(webhookId), ConsistentRead: true })),
    );
    return Item ? stripKeys<StoredWebhook>(Item) : undefined;
  }

  /** GET /webhooks: the owner's endpoints, oldest first, never the secret. */
  async listByOwner(owner: string): Promise<Webhook[]> {
    const items = await this.queryAll('gsi1', `WEBHOOKS#${owner}`);
    return items.map(publicView);
  }

  /** The endpoints that hear an audience's events (fan-out): one Query on gsi2. */
  async byAudience(audience: string): Promise<StoredWebhook[]> {
    return this.queryAll('gsi2', `WEBHOOKAUDIENCE#${audience}`);
  }

  /** Deletes the owner's webhook; someone else's is answered exactly like a missing one. Its log expires by TTL. */
  async delete(webhookId: string, owner: string): Promise<void> {
    try {
      await dynamo('DeleteItem', () =>
        this.table.doc.send(
          new DeleteCommand({
            TableName: this.table.name,
            Key: Keys.webhook(webhookId),
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      throw new WebhookNotFoundError(`No webhook ${webhookId}.`, { cause: e });
    }
  }

  /** A 410 Gone: the endpoint is DISABLED and nothing more is sent to it. */
  async disable(webhookId: string): Promise<void> {
    try {
      await dynamo('UpdateItem', () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: Keys.webhook(webhookId),
            UpdateExpression: 'SET #state = :disabled, disabledAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':disabled': 'DISABLED', ':now': new Date().toISOString() },
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
  }

  /**
   * Stores the deliveries of one fan-out page with BatchWriteItem (25 a call).
   * A replayed change writes the same delivery ids again: the log keeps one
   * entry per delivery, and the re-queued job delivers it again (at least once).
   */
  async putDeliveries(deliveries: readonly StoredDelivery[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + DELIVERY_RETENTION_DAYS * 86_400;
    const requests = deliveries.map((d) => ({
      PutRequest: { Item: { ...Keys.webhookDelivery(d.webhookId, d.createdAt, d.deliveryId), entity: Entity.WebhookDelivery, ...d, expiresAt } },
    }));
    await batchWriteAll(this.table, requests);
  }

  /** The deliveries of a batch of jobs and their webhooks, in one BatchGetItem per 100 keys. */
  async deliveriesWithWebhooks(
    jobs: ReadonlyArray<{ webhookId: string; createdAt: string; deliveryId: string }>,
  ): Promise<Array<{ webhook?: StoredWebhook; delivery?: StoredDelivery }>> {
    const keyOf = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;
    const all = new Map<string, { pk: string; sk: string }>();
    for (const job of jobs) {
      const w = Keys.webhook(job.webhookId);
      const d = Keys.webhookDelivery(job.webhookId, job.createdAt, job.deliveryId);
      all.set(keyOf(w), w);
      all.set(keyOf(d), d);
    }
    const found = new Map((await batchGetAll(this.table, [...all.values()], { consistentRead: true })).map((item) => [`${String(item.pk)}|${String(item.sk)}`, item]));
    return jobs.map((job) => {
      const webhook = found.get(keyOf(Keys.webhook(job.webhookId)));
      const delivery = found.get(keyOf(Keys.webhookDelivery(job.webhookId, job.createdAt, job.deliveryId)));
      return {
        ...(webhook ? { webhook: stripKeys<StoredWebhook>(webhook) } : {}),
        ...(delivery ? { delivery: stripKeys<StoredDelivery>(delivery) } : {}),
      };
    });
  }

  /** The delivery and its webhook, in one BatchGetItem. */
  async deliveryWithWebhook(job: { webhookId: string; createdAt: string; deliveryId: string }): Promise<{ webhook?: StoredWebhook; delivery?: StoredDelivery }> {
    const [found] = await this.deliveriesWithWebhooks([job]);
    return found ?? {};
  }

  /** Records an attempt; a stale or duplicate receipt (attempts already past this one) changes nothing. */
  async recordAttempt(
    job: { webhookId: string; createdAt: string; deliveryId: string; attempt: number },
    result: { state: DeliveryState; lastStatus?: number; lastError?: string; nextAttemptAt?: string },
  ): Promise<void> {
    const set = ['#state = :state', 'attempts = :attempt'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':state': result.state, ':attempt': job.attempt };
    for (const field of ['lastStatus', 'lastError', 'nextAttemptAt'] as const) {
      if (result[field] === undefined) remove.push(field);
      else {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = result[field];
      }
    }
    try {
      await dynamo('UpdateItem', () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: Keys.webhookDelivery(job.webhookId, job.createdAt, job.deliveryId),
            UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND attempts < :attempt',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: values,
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
  }

  /** GET /webhooks/{id}/deliveries: newest first, paged with a signed cursor. */
  async listDeliveries(webhookId: string, limit: number, cursor?: string): Promise<{ items: WebhookDelivery[]; nextCursor?: string }> {
    const scope = `webhook-deliveries:${webhookId}`;
    const out = await dynamo('Query', () =>
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': Keys.webhook(webhookId).pk, ':prefix': 'DELIVERY#' },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: this.table.cursors.decode(scope, cursor),
        }),
      ),
    );
    const items = (out.Items ?? []).map((i) => {
      const d = stripKeys<StoredDelivery & { expiresAt?: number }>(i);
      return {
        deliveryId: d.deliveryId,
        type: d.type,
        state: d.state,
        attempts: d.attempts,
        ...(d.lastStatus !== undefined ? { lastStatus: d.lastStatus } : {}),
        ...(d.lastError !== undefined ? { lastError: d.lastError } : {}),
        ...(d.nextAttemptAt !== undefined ? { nextAttemptAt: d.nextAttemptAt } : {}),
        createdAt: d.createdAt,
      } satisfies WebhookDelivery;
    });
    const nextCursor = this.table.cursors.encode(scope, out.LastEvaluatedKey);
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  private async queryAll(index: 'gsi1' | 'gsi2', pk: string): Promise<StoredWebhook[]> {
    const items: StoredWebhook[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await dynamo('Query', () =>
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            IndexName: index,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': `${index}pk` },
            ExpressionAttributeValues: { ':pk': pk },
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(out.Items ?? []).map((i) => stripKeys<StoredWebhook>(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
