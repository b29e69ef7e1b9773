import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ReportAlreadyRegisteredError, ReportNotFoundError, ReportStatusFinalError } from '#shared/domain/errors.ts';
import { FINAL_STATUSES } from '#shared/domain/report.ts';
import type {
  RegisterReportInput,
  RegisteredReport,
  ReportHistoryEntry,
  ReportStatusChangeInput,
} from '#shared/domain/report.ts';
import { Entity, Keys } from './access-patterns.ts';
import { dynamo, isConditionFailed, putNew, stripKeys, type Table } from './table.ts';

/** Canonical JSON: keys sorted at every level, so equal content hashes equally. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

export const reportContentHash = (input: RegisterReportInput): string =>
  createHash('sha256').update(canonical(input)).digest('hex');

export interface RegisterResult {
  report: RegisteredReport;
  created: boolean;
}

export class ReportRepository {
  constructor(private readonly table: Table) {}

  /**
   * Registers a report with one conditional PutItem. The same content again is
   * idempotent (the stored record comes back, `created: false`); other content
   * under the same number is a conflict.
   */
  async register(
    issuerId: string,
    input: RegisterReportInput,
    by: string,
    options: { demo?: boolean; now?: Date } = {},
  ): Promise<RegisterResult> {
    const now = (options.now ?? new Date()).toISOString();
    const contentHash = reportContentHash(input);
    const report: RegisteredReport = {
      ...input,
      issuerId,
      status: 'VALID',
      history: [{ status: 'VALID', reason: 'registered', at: now, by }],
      contentHash,
      registeredAt: now,
      updatedAt: now,
      ...(options.demo ? { demo: true } : {}),
    };
    try {
      await putNew(this.table, {
        ...Keys.report(issuerId, input.reportNumber),
        ...Keys.reportRegistration(issuerId, input.reportNumber),
        entity: Entity.Report,
        ...report,
      });
      return { report, created: true };
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      const existing = await this.get(issuerId, input.reportNumber);
      if (existing && existing.contentHash === contentHash) return { report: existing, created: false };
      throw new ReportAlreadyRegisteredError(
        `Report ${input.reportNumber} is already registered by ${issuerId} with other content.`,
        { cause: e },
      );
    }
  }

  async get(issuerId: string, reportNumber: string): Promise<RegisteredReport | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(
        new GetCommand({ TableName: this.table.name, Key: Keys.report(issuerId, reportNumber), ConsistentRead: true }),
      ),
    );
    return Item ? stripKeys<RegisteredReport>(Item) : undefined;
  }

  /**
   * Sets the status and appends the change to the history, in one conditional
   * UpdateItem. WITHDRAWN, REVOKED and SUPERSEDED are final: a change away
   * from one is a ReportStatusFinalError (409); the same final status again
   * is allowed (it re-applies the change, e.g. the passport's status bits).
   */
  async changeStatus(
    issuerId: string,
    reportNumber: string,
    change: ReportStatusChangeInput,
    by: string,
    now: Date = new Date(),
  ): Promise<RegisteredReport> {
    const entry: ReportHistoryEntry = { status: change.status, reason: change.reason, at: now.toISOString(), by };
    try {
      const { Attributes } = await dynamo('UpdateItem', () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: Keys.report(issuerId, reportNumber),
            UpdateExpression: 'SET #status = :status, #history = list_append(#history, :entry), updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND (#status = :status OR NOT #status IN (:f0, :f1, :f2))',
            ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
            ExpressionAttributeValues: {
              ':status': change.status,
              ':entry': [entry],
              ':now': entry.at,
              ...Object.fromEntries(FINAL_STATUSES.map((s, i) => [`:f${i}`, s])),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return stripKeys<RegisteredReport>(Attributes ?? {});
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      const current = await this.get(issuerId, reportNumber);
      if (current) {
        throw new ReportStatusFinalError(`Report ${reportNumber} is ${current.status}, which is final; it cannot become ${change.status}.`, { cause: e });
      }
      throw new ReportNotFoundError(`Report ${reportNumber} is not registered by ${issuerId}.`, { cause: e });
    }
  }
}
