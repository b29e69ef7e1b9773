import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { Entity, Keys } from './access-patterns.ts';
import { dynamo, isConditionFailed, stripKeys, type Table } from './table.ts';

/** The passport of one registered report: its secret token, its credential and its place in the status lists. */
export interface StoredPassport {
  issuerId: string;
  reportNumber: string;
  /** Per-report secret of the passport URL (base64url, 256 bits). */
  token: string;
  /** The compact JWS. */
  credential: string;
  /** The record content the credential was issued for (RegisteredReport.contentHash). */
  contentHash: string;
  listNumber: number;
  statusIndex: number;
  issuedAt: string;
}

/** One status list: its bits (as encodedList) and the signed BitstringStatusListCredential. */
export interface StoredStatusList {
  listId: string;
  encodedList: string;
  jwt: string;
  /** Incremented by every write: the condition of the next one (optimistic concurrency). */
  version: number;
  updatedAt: string;
}

export class PassportRepository {
  constructor(private readonly table: Table) {}

  async get(issuerId: string, reportNumber: string): Promise<StoredPassport | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: Keys.passport(issuerId, reportNumber), ConsistentRead: true })),
    );
    return Item ? stripKeys<StoredPassport>(Item) : undefined;
  }

  /** Stores a new passport; when one exists already (a concurrent first request), that one wins and comes back. */
  async create(passport: StoredPassport): Promise<StoredPassport> {
    try {
      await dynamo('PutItem', () =>
        this.table.doc.send(
          new PutCommand({
            TableName: this.table.name,
            Item: { ...Keys.passport(passport.issuerId, passport.reportNumber), entity: Entity.Passport, ...passport },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return passport;
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      const existing = await this.get(passport.issuerId, passport.reportNumber);
      if (!existing) throw e;
      return existing;
    }
  }

  /**
   * One status index in list `listNumber`, from an atomic counter: UpdateItem
   * ADD on the list's counter item, conditional on the list not being full,
   * so two reports never get the same index. Undefined when the list is full.
   */
  async allocateIndex(listNumber: number, capacity: number): Promise<number | undefined> {
    try {
      const { Attributes } = await dynamo('UpdateItem', () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: Keys.statusIndexAllocator(listNumber),
            UpdateExpression: 'ADD #next :one SET entity = :entity',
            ConditionExpression: 'attribute_not_exists(#next) OR #next < :capacity',
            ExpressionAttributeNames: { '#next': 'next' },
            ExpressionAttributeValues: { ':one': 1, ':capacity': capacity, ':entity': Entity.StatusIndexAllocator },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return Number(Attributes?.next) - 1;
    } catch (e) {
      if (isConditionFailed(e)) return undefined;
      throw e;
    }
  }

  async getList(listId: string): Promise<StoredStatusList | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: Keys.statusList(listId), ConsistentRead: true })),
    );
    return Item ? stripKeys<StoredStatusList>(Item) : undefined;
  }

  /**
   * Writes a list: a new one only if absent (version 1), an existing one only
   * if nobody wrote it since `list.version - 1` was read. A lost race is a
   * ConcurrentUpdateError; the caller re-reads and retries.
   */
  async putList(list: StoredStatusList): Promise<void> {
    try {
      await dynamo('PutItem', () =>
        this.table.doc.send(
          new PutCommand({
            TableName: this.table.name,
            Item: { ...Keys.statusList(list.listId), entity: Entity.StatusList, ...list },
            ...(list.version === 1
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':previous': list.version - 1 } }),
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      throw new ConcurrentUpdateError(`Status list ${list.listId} was written concurrently.`, { cause: e });
    }
  }
}
