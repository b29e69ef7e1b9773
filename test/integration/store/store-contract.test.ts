import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyNotFoundError,
  FraudPatternExistsError,
  FraudPatternNotFoundError,
  InvalidCursorError,
  IssuerIdentifierTakenError,
  ReportAlreadyRegisteredError,
  ReportStatusFinalError,
  ReportNotFoundError,
} from '#shared/domain/errors.ts';
import { fraudPatternLookupKeys } from '#shared/checks/context.ts';
import type { IssuerInput } from '#shared/domain/issuer.ts';
import type { RegisterReportInput } from '#shared/domain/report.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { engineFactories, type Engine } from '../../support/dynamo-engines.ts';
import { freshRepositories } from '../../support/store.ts';

const lab: IssuerInput = {
  name: '深圳测试检测有限公司',
  nameAliases: ['Shenzhen Test Lab Co., Ltd.'],
  accreditations: [
    { scheme: 'CNAS', number: 'L1234', validFrom: '2020-01-01', status: 'ACTIVE' },
    { scheme: 'CMA', number: '201912345678', validFrom: '2020-01-01', status: 'ACTIVE' },
  ],
  reportNumberPatterns: ['^TL\\d{6}$'],
  registersAllReports: true,
};

const report: RegisterReportInput = {
  reportNumber: 'TL000123',
  documentType: 'INSPECTION_REPORT',
  productName: '充电器',
  model: 'C-1',
  standards: ['GB 4943.1-2022'],
  conclusion: 'PASS',
  issueDate: '2025-03-14',
};

describe.each(engineFactories())('store contract on $name', ({ start }) => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  const commands: string[] = [];

  beforeAll(async () => {
    engine = await start();
    repos = await freshRepositories(engine.endpoint);
    repos.table.doc.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
  }, 60_000);

  afterAll(async () => {
    repos?.destroy();
    await engine?.stop();
  });

  describe('issuers', () => {
    it('creates, then replaces while keeping createdAt', async () => {
      // Act
      const first = await repos.issuers.put('test-lab', lab, { now: new Date('2025-01-01T00:00:00Z') });
      const second = await repos.issuers.put('test-lab', lab, { now: new Date('2025-02-01T00:00:00Z') });

      // Assess
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.issuer.createdAt).toBe('2025-01-01T00:00:00.000Z');
      expect(second.issuer.updatedAt).toBe('2025-02-01T00:00:00.000Z');
      expect(await repos.issuers.get('test-lab')).toStrictEqual(second.issuer);
    });

    it('finds the issuer by a printed accreditation number in full-width or spaced form', async () => {
      // Act & Assess
      expect((await repos.issuers.findByAccreditationNumber('Ｌ１２３４'))?.issuerId).toBe('test-lab');
      expect((await repos.issuers.findByAccreditationNumber('2019 1234 5678'))?.issuerId).toBe('test-lab');
      expect(await repos.issuers.findByAccreditationNumber('L9999')).toBeUndefined();
    });

    it('finds an accreditation registered with its scheme name by the bare printed number', async () => {
      // Act
      await repos.issuers.put('scheme-lab', { name: 'Scheme Lab', accreditations: [{ scheme: 'CNAS', number: 'CNAS L7777', validFrom: '2020-01-01', status: 'ACTIVE' }] });

      // Assess
      expect((await repos.issuers.findByAccreditationNumber('L7777'))?.issuerId).toBe('scheme-lab');
      expect((await repos.issuers.findByAccreditationNumber('cnas l 7777'))?.issuerId).toBe('scheme-lab');
    });

    it('finds the issuer by name or alias whatever the legal suffix, width or case', async () => {
      // Act & Assess
      expect((await repos.issuers.findByName('深圳测试检测'))?.issuerId).toBe('test-lab');
      expect((await repos.issuers.findByName('SHENZHEN TEST LAB LIMITED'))?.issuerId).toBe('test-lab');
      expect(await repos.issuers.findByName('Shenzhen Best Lab')).toBeUndefined();
    });

    it('drops the lookups of a removed alias and accreditation', async () => {
      // Prepare
      await repos.issuers.put('test-lab', { ...lab, nameAliases: [], accreditations: lab.accreditations.slice(0, 1) });

      // Act & Assess
      expect(await repos.issuers.findByName('Shenzhen Test Lab')).toBeUndefined();
      expect(await repos.issuers.findByAccreditationNumber('201912345678')).toBeUndefined();
      expect((await repos.issuers.findByAccreditationNumber('L1234'))?.issuerId).toBe('test-lab');
      await repos.issuers.put('test-lab', lab);
    });

    it('refuses an accreditation number another issuer owns and leaves no half-claimed lookups', async () => {
      // Prepare
      const impostor: IssuerInput = {
        name: 'Other Lab',
        accreditations: [
          { scheme: 'CNAS', number: 'L5555', validFrom: '2020-01-01', status: 'ACTIVE' },
          { scheme: 'CNAS', number: 'L1234', validFrom: '2020-01-01', status: 'ACTIVE' },
        ],
      };

      // Act & Assess
      await expect(repos.issuers.put('other-lab', impostor)).rejects.toBeInstanceOf(IssuerIdentifierTakenError);

      expect((await repos.issuers.findByAccreditationNumber('L1234'))?.issuerId).toBe('test-lab');
      expect(await repos.issuers.findByAccreditationNumber('L5555')).toBeUndefined();
      expect(await repos.issuers.findByName('Other Lab')).toBeUndefined();
      expect(await repos.issuers.get('other-lab')).toBeUndefined();
    });

    it('searches by name prefix with opaque cursors and rejects a tampered one', async () => {
      // Prepare
      for (const n of ['alpha', 'alpine', 'alps', 'beta']) {
        await repos.issuers.put(`lab-${n}`, { name: `${n} testing`, accreditations: [] });
      }

      const page1 = await repos.issuers.search({ name: 'AL', limit: 2 });
      const page2 = await repos.issuers.search({ name: 'AL', limit: 2, cursor: page1.nextCursor });

      // Act & Assess
      expect(page1.items.map((i) => i.issuerId)).toStrictEqual(['lab-alpha', 'lab-alpine']);
      expect(page2.items.map((i) => i.issuerId)).toStrictEqual(['lab-alps']);
      const [body = '', mac = ''] = (page1.nextCursor ?? '').split('.');
      const forged = `${Buffer.from(JSON.stringify({ s: 'issuers:al', k: { pk: 'APIKEY#x', sk: 'KEY' } })).toString('base64url')}.${mac}`;
      await expect(repos.issuers.search({ name: 'AL', limit: 2, cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(repos.issuers.search({ name: 'be', limit: 2, cursor: `${body}.${mac}` })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(repos.issuers.search({ limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });

  describe('reports', () => {
    it('registers once; the same content again is idempotent; other content conflicts', async () => {
      // Act
      const first = await repos.reports.register('test-lab', report, 'key-1');
      const again = await repos.reports.register('test-lab', { ...report }, 'key-2');

      // Assess
      expect(first.created).toBe(true);
      expect(again).toStrictEqual({ report: first.report, created: false });
      await expect(repos.reports.register('test-lab', { ...report, model: 'C-2' }, 'key-1')).rejects.toBeInstanceOf(
        ReportAlreadyRegisteredError,
      );
      expect((await repos.reports.get('test-lab', 'TL000123'))?.model).toBe('C-1');
    });

    it('appends every status change to the history; SUSPENDED is reversible, WITHDRAWN final (409)', async () => {
      // Prepare
      const suspended = await repos.reports.changeStatus('test-lab', 'TL000123', { status: 'SUSPENDED', reason: 'under review' }, 'key-1', new Date('2025-04-01T00:00:00Z'));
      const valid = await repos.reports.changeStatus('test-lab', 'TL000123', { status: 'VALID', reason: 'cleared' }, 'key-1', new Date('2025-04-02T00:00:00Z'));
      const withdrawn = await repos.reports.changeStatus('test-lab', 'TL000123', { status: 'WITHDRAWN', reason: 'typo' }, 'key-1', new Date('2025-04-03T00:00:00Z'));
      const again = repos.reports.changeStatus('test-lab', 'TL000123', { status: 'VALID', reason: 'corrected' }, 'key-1', new Date('2025-04-04T00:00:00Z'));

      // Act & Assess
      expect([suspended.status, valid.status, withdrawn.status]).toStrictEqual(['SUSPENDED', 'VALID', 'WITHDRAWN']);
      await expect(again).rejects.toBeInstanceOf(ReportStatusFinalError);
      expect(withdrawn.history.map((h) => [h.status, h.reason, h.at])).toStrictEqual([
        ['VALID', 'registered', withdrawn.registeredAt],
        ['SUSPENDED', 'under review', '2025-04-01T00:00:00.000Z'],
        ['VALID', 'cleared', '2025-04-02T00:00:00.000Z'],
        ['WITHDRAWN', 'typo', '2025-04-03T00:00:00.000Z'],
      ]);
      expect((await repos.reports.get('test-lab', 'TL000123'))?.status).toBe('WITHDRAWN');
    });

    it('does not create a report through a status change', async () => {
      // Act & Assess
      await expect(
        repos.reports.changeStatus('test-lab', 'TL999999', { status: 'REVOKED', reason: 'x' }, 'key-1'),
      ).rejects.toBeInstanceOf(ReportNotFoundError);
      expect(await repos.reports.get('test-lab', 'TL999999')).toBeUndefined();
    });
  });

  describe('api keys', () => {
    it('stores only the hash and authenticates the key to its principal', async () => {
      const { keyId, apiKey } = await repos.apiKeys.create({ role: 'issuer', issuerId: 'test-lab', label: 'lab key' });

      expect(await repos.apiKeys.authenticate(apiKey)).toStrictEqual({ role: 'issuer', keyId, issuerId: 'test-lab' });
      expect(await repos.apiKeys.authenticate(`${apiKey.slice(0, -1)}${apiKey.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
      expect(await repos.apiKeys.authenticate('not-a-key')).toBeUndefined();
      const listed = await repos.apiKeys.list({ limit: 100 });
      expect(JSON.stringify(listed)).not.toContain(apiKey.slice(`cvk_${keyId}_`.length));
      expect(listed.items.find((k) => k.keyId === keyId)).toMatchObject({ role: 'issuer', issuerId: 'test-lab', label: 'lab key' });
      expect(listed.items.find((k) => k.keyId === keyId)).not.toHaveProperty('keyHash');
    });

    it('stops a deleted key at once', async () => {
      // Prepare
      const { keyId, apiKey } = await repos.apiKeys.create({ role: 'platform', platformId: 'shop' });

      await repos.apiKeys.delete(keyId);

      // Act & Assess
      expect(await repos.apiKeys.authenticate(apiKey)).toBeUndefined();
      await expect(repos.apiKeys.delete(keyId)).rejects.toBeInstanceOf(ApiKeyNotFoundError);
    });
  });

  describe('fraud patterns', () => {
    it('fetches exact patterns by normalised key in one BatchGetItem and lists text patterns', async () => {
      // Prepare
      const fake = await repos.fraudPatterns.create({ kind: 'REPORT_NUMBER', value: 'tl 999999', match: 'EXACT', severity: 'HIGH' }, 'inv');
      const site = await repos.fraudPatterns.create({ kind: 'QR_DOMAIN', value: 'https://www.fake-verify.example/x', match: 'EXACT', severity: 'HIGH' }, 'inv');
      const phrase = await repos.fraudPatterns.create({ kind: 'PHRASE', value: '代办报告', match: 'EXACT', severity: 'MEDIUM' }, 'inv');
      const regex = await repos.fraudPatterns.create({ kind: 'REPORT_NUMBER', value: '^FAKE', match: 'REGEX', severity: 'LOW' }, 'inv');
      const before = commands.length;

      const { keyedFraudPatterns: hits } = await repos.verifications.lookup({
        accreditationNumbers: [],
        fraudKeys: [
          { kind: 'REPORT_NUMBER', value: 'ＴＬ９９９９９９' },
          { kind: 'QR_DOMAIN', value: 'fake-verify.example' },
          { kind: 'REPORT_NUMBER', value: 'TL000123' },
        ],
      });

      // Act & Assess
      expect(commands.slice(before)).toStrictEqual(['BatchGetItemCommand']);
      expect(hits.map((h) => h.id).sort()).toStrictEqual([fake.id, site.id].sort());
      expect((await repos.fraudPatterns.listTextPatterns()).map((p) => p.id).sort()).toStrictEqual([phrase.id, regex.id].sort());
      expect((await repos.fraudPatterns.list('REPORT_NUMBER')).map((p) => p.id).sort()).toStrictEqual([fake.id, regex.id].sort());
      await expect(
        repos.fraudPatterns.create({ kind: 'REPORT_NUMBER', value: 'TL999999', match: 'EXACT', severity: 'LOW' }, 'inv'),
      ).rejects.toBeInstanceOf(FraudPatternExistsError);
    });

    it('matches an ISSUER_NAME pattern by the printed name, legal suffix and all: the store folds both sides once, the same way', async () => {
      const pattern = await repos.fraudPatterns.create({ kind: 'ISSUER_NAME', value: 'Harbourline Testing Services Co., Ltd.', match: 'EXACT', severity: 'HIGH' }, 'inv');
      const printed = { issuerName: { value: 'HARBOURLINE TESTING SERVICES CO LTD', confidence: 0.9, source: { page: 1 } } };

      const lookup = (fields: typeof printed) =>
        repos.verifications.lookup({ accreditationNumbers: [], fraudKeys: fraudPatternLookupKeys(fields, undefined, [], {}) });

      expect(fraudPatternLookupKeys(printed, undefined, [], {})).toStrictEqual([{ kind: 'ISSUER_NAME', value: 'HARBOURLINE TESTING SERVICES CO LTD' }]);
      expect((await lookup(printed)).keyedFraudPatterns.map((p) => p.id)).toStrictEqual([pattern.id]);
      expect((await lookup({ issuerName: { ...printed.issuerName, value: 'Harbourline Testing Services（深圳）有限公司' } })).keyedFraudPatterns).toStrictEqual([]);
    });

    it('deletes by id', async () => {
      // Prepare
      const p = await repos.fraudPatterns.create({ kind: 'SELLER', value: 'seller-42', match: 'EXACT', severity: 'MEDIUM' }, 'inv');

      // Act
      await repos.fraudPatterns.delete(p.id);

      // Assess
      expect((await repos.verifications.lookup({ accreditationNumbers: [], fraudKeys: [{ kind: 'SELLER', value: 'seller-42' }] })).keyedFraudPatterns).toStrictEqual([]);
      await expect(repos.fraudPatterns.delete(p.id)).rejects.toBeInstanceOf(FraudPatternNotFoundError);
    });
  });

  it('never scans', () => {
    // Act & Assess
    expect(commands.length).toBeGreaterThan(20);
    expect(commands.filter((c) => /Scan/.test(c))).toStrictEqual([]);
  });
});
