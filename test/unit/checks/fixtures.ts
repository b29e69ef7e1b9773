/**
 * Fictional issuers, registrations and a builder for CheckContexts. The
 * default context is a genuine, registered, matching inspection report from
 * 青石检测技术有限公司; each test changes what it is about.
 */
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import type { FraudPattern } from '#shared/domain/fraud-pattern.ts';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { RegisteredReport } from '#shared/domain/report.ts';
import type { ExtractedField, ExtractedFields, Presentation } from '#shared/domain/verification.ts';
import type { CheckContext } from '#shared/checks/context.ts';

export const NOW = new Date('2025-06-01T08:00:00.000Z');
const STAMP = '2025-01-01T00:00:00.000Z';

export const field = <T>(value: T, confidence = 0.99): ExtractedField<T> => ({ value, confidence, source: { page: 1, line: 1 } });

export const SHA_GENUINE = 'a'.repeat(64);
export const SHA_OTHER = 'c'.repeat(64);

/** Registers every report; its CNAS accreditation was suspended from 2024-03-01 to 2024-05-31. */
export const qingshi: Issuer = {
  issuerId: 'qingshi-testing',
  name: '青石检测技术有限公司',
  nameAliases: ['Qingshi Testing Technology Co., Ltd.'],
  country: 'CN',
  accreditations: [
    {
      scheme: 'CNAS',
      number: 'L9901',
      scope: ['儿童玩具', '电子电器', 'GB 6675'],
      validFrom: '2019-01-01',
      validUntil: '2027-12-31',
      status: 'ACTIVE',
      statusHistory: [
        { status: 'ACTIVE', from: '2019-01-01' },
        { status: 'SUSPENDED', from: '2024-03-01' },
        { status: 'ACTIVE', from: '2024-06-01' },
      ],
    },
    { scheme: 'CMA', number: '230099990001', validFrom: '2019-01-01', status: 'ACTIVE' },
  ],
  reportNumberPatterns: ['QS\\d{4}-\\d{6}'],
  verificationDomains: ['verify.qingshi-test.example'],
  registersAllReports: true,
  createdAt: STAMP,
  updatedAt: STAMP,
};

/** A gem laboratory that does not register every report and holds no accreditation on record. */
export const northstar: Issuer = {
  issuerId: 'northstar-gem-lab',
  name: 'Northstar Gem Laboratory',
  accreditations: [],
  reportNumberPatterns: ['NS\\d{8}'],
  createdAt: STAMP,
  updatedAt: STAMP,
};

/** A certification body whose only accreditation is suspended today, with no history. */
export const bluepeak: Issuer = {
  issuerId: 'bluepeak-cert',
  name: '蓝峰认证有限公司',
  accreditations: [{ scheme: 'CNCA', number: 'CNCA-R-2099-001', validFrom: '2020-01-01', status: 'SUSPENDED' }],
  createdAt: STAMP,
  updatedAt: STAMP,
};

export const DIRECTORY: Issuer[] = [qingshi, northstar, bluepeak];

export const genuineReport: RegisteredReport = {
  issuerId: 'qingshi-testing',
  reportNumber: 'QS2025-000123',
  documentType: 'INSPECTION_REPORT',
  productName: '儿童电动玩具车',
  model: 'TC-200',
  client: '星河玩具有限公司',
  manufacturer: '星河玩具有限公司',
  standards: ['GB 6675.1-2014', 'GB 6675.2-2014'],
  conclusion: '合格',
  issueDate: '2025-03-14',
  documentSha256: SHA_GENUINE,
  fields: { sampleReceivedDate: '2025-03-01' },
  status: 'VALID',
  history: [],
  contentHash: 'b'.repeat(64),
  registeredAt: STAMP,
  updatedAt: STAMP,
};

export const gemReport: RegisteredReport = {
  issuerId: 'northstar-gem-lab',
  reportNumber: 'NS20250042',
  documentType: 'GEM_REPORT',
  productName: 'Natural diamond ring',
  issueDate: '2025-02-10',
  fields: { caratWeight: 1.02, gemIdentification: 'Natural diamond' },
  status: 'VALID',
  history: [],
  contentHash: 'd'.repeat(64),
  registeredAt: STAMP,
  updatedAt: STAMP,
};

export const QR_GENUINE = { payload: 'https://verify.qingshi-test.example/r?no=QS2025-000123', host: 'verify.qingshi-test.example' };

/** The printed fields of the genuine report. */
export const genuineFields = (): ExtractedFields => ({
  documentType: field('INSPECTION_REPORT' as const),
  reportNumber: field('QS2025-000123'),
  issuerName: field('青石检测技术有限公司'),
  accreditationNumbers: field([
    { scheme: 'CNAS' as const, number: 'L9901' },
    { scheme: 'CMA' as const, number: '230099990001' },
  ]),
  productName: field('儿童电动玩具车'),
  model: field('TC-200'),
  client: field('星河玩具有限公司'),
  manufacturer: field('星河玩具有限公司'),
  standards: field(['GB 6675.1-2014', 'GB 6675.2-2014']),
  conclusion: field('合格'),
  issueDate: field('2025-03-14'),
  sampleReceivedDate: field('2025-03-01'),
  qr: field(QR_GENUINE),
});

export const gemFields = (): ExtractedFields => ({
  reportNumber: field('NS20250042'),
  issuerName: field('Northstar Gem Laboratory'),
  productName: field('Natural diamond ring'),
  issueDate: field('2025-02-10'),
  caratWeight: field(1.02),
  gemIdentification: field('Natural diamond'),
});

export const CLEAN_PDF: PdfForensics = {
  producer: 'QS Report Engine 3.1',
  creationDate: '2025-03-14T02:00:00.000Z',
  modificationDate: '2025-03-14T02:00:00.000Z',
  modifiedAfterCreation: false,
  incrementalUpdates: 0,
  editingTools: [],
};

export const fraudPattern = (p: Partial<FraudPattern> & Pick<FraudPattern, 'id' | 'kind' | 'value'>): FraudPattern => ({
  match: 'EXACT',
  severity: 'HIGH',
  createdAt: STAMP,
  createdBy: 'key_investigator',
  ...p,
});

/** An earlier presentation of the number, as the store's history line carries it. */
export const prior = (p: Partial<Presentation> & Pick<Presentation, 'verificationId'>): Presentation => ({
  reportNumber: 'QS2025-000123',
  verdict: 'AUTHENTIC',
  riskScore: 0,
  createdAt: '2025-04-01T00:00:00.000Z',
  ...p,
});

/** A genuine, registered, matching PDF report; override what the test is about. */
export const makeContext = (over: Partial<CheckContext> = {}): CheckContext => ({
  now: NOW,
  fields: genuineFields(),
  textSource: 'pdf-text',
  fullText: '检验报告\n报告编号: QS2025-000123\n青石检测技术有限公司\n检验结论: 合格',
  document: { sha256: SHA_GENUINE, contentType: 'application/pdf', pages: 2, sizeBytes: 48213 },
  forensics: structuredClone(CLEAN_PDF),
  qrCodes: [],
  submission: { sellerId: 'seller-1' },
  platformId: 'shop-a',
  issuers: { byAccreditation: [], directory: DIRECTORY },
  registeredReports: [genuineReport],
  fraudPatterns: { keyed: [], text: [] },
  history: [],
  ...over,
});

/** The genuine context with some printed fields replaced (undefined removes a field). */
export const withFields = (fields: Partial<ExtractedFields>, over: Partial<CheckContext> = {}): CheckContext => {
  const merged = Object.fromEntries(Object.entries({ ...genuineFields(), ...fields }).filter(([, v]) => v !== undefined)) as ExtractedFields;
  return makeContext({ fields: merged, ...over });
};
