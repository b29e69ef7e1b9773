import type { FraudPatternInput } from '#shared/domain/fraud-pattern.ts';
import type { IssuerInput } from '#shared/domain/issuer.ts';
import type { RegisterReportInput } from '#shared/domain/report.ts';

/**
 * DEMO DATA. Every issuer, report and pattern here is fictional and is
 * stored with `demo: true`. The example documents under examples/ are
 * generated from the same records (scripts/generate-examples.ts).
 */
export const DemoIssuers: Record<string, IssuerInput> = {
  'mingjian-testing': {
    name: '深圳明鉴检测技术有限公司',
    nameAliases: ['Shenzhen Mingjian Testing Technology Co., Ltd.', '明鉴检测'],
    country: 'CN',
    accreditations: [
      {
        scheme: 'CNAS',
        number: 'L9912',
        scope: ['充电器', '电源适配器', '插座', '电线电缆', '儿童玩具', 'chargers', 'power adapters', 'sockets', 'cables', 'toys'],
        validFrom: '2019-01-01',
        validUntil: '2029-12-31',
        status: 'ACTIVE',
        statusHistory: [
          { status: 'ACTIVE', from: '2019-01-01' },
          { status: 'SUSPENDED', from: '2024-06-01' },
          { status: 'ACTIVE', from: '2024-09-01' },
        ],
      },
      {
        scheme: 'CMA',
        number: '201919123456',
        scope: ['充电器', '电源适配器', '插座', '电线电缆', '儿童玩具'],
        validFrom: '2019-03-01',
        validUntil: '2031-02-28',
        status: 'ACTIVE',
      },
    ],
    reportNumberPatterns: ['^MJ\\d{4}-\\d{6}$'],
    verificationDomains: ['verify.mingjian-testing.example.cn'],
    registersAllReports: true,
  },
  'northstar-cert': {
    name: 'Northstar Certification Ltd.',
    nameAliases: ['北极星认证有限公司'],
    country: 'GB',
    accreditations: [
      {
        scheme: 'IAF',
        number: 'IAF-MLA-0417',
        scope: ['ISO 9001', 'ISO 14001', 'quality management systems'],
        validFrom: '2015-05-01',
        status: 'ACTIVE',
      },
    ],
    reportNumberPatterns: ['^NSC-QMS-\\d{5}$'],
    verificationDomains: ['certs.northstar-cert.example'],
    registersAllReports: true,
  },
  'lumiere-gem-lab': {
    name: 'Lumière Gemological Laboratory',
    nameAliases: ['Lumiere Gemological Laboratory', '光华珠宝玉石检测中心'],
    country: 'HK',
    accreditations: [
      {
        scheme: 'CNAS',
        number: 'L8801',
        scope: ['diamond', 'jadeite', 'gemstones', '钻石', '翡翠', '珠宝玉石'],
        validFrom: '2016-01-01',
        status: 'ACTIVE',
      },
    ],
    reportNumberPatterns: ['^\\d{10}$'],
    verificationDomains: ['check.lumiere-gemlab.example'],
    registersAllReports: true,
  },
  'eastbay-inspection': {
    name: 'Eastbay Inspection Services Co., Ltd.',
    country: 'CN',
    accreditations: [
      { scheme: 'CNAS', number: 'L7203', scope: ['textiles', 'garments', '纺织品'], validFrom: '2020-01-01', status: 'ACTIVE' },
    ],
    registersAllReports: false,
  },
};

export const DemoReports: Array<{ issuerId: string; report: RegisterReportInput; status?: { status: 'WITHDRAWN' | 'REVOKED' | 'SUPERSEDED'; reason: string } }> = [
  {
    issuerId: 'mingjian-testing',
    report: {
      reportNumber: 'MJ2025-000127',
      documentType: 'INSPECTION_REPORT',
      productName: '快速充电器',
      model: 'QC-65W',
      client: '深圳市优能电子有限公司',
      manufacturer: '东莞市优能电子科技有限公司',
      standards: ['GB 4943.1-2022', 'GB/T 9254.1-2021'],
      conclusion: 'PASS',
      issueDate: '2025-03-14',
      fields: { sampleReceivedDate: '2025-03-03' },
    },
  },
  {
    issuerId: 'mingjian-testing',
    report: {
      reportNumber: 'MJ2025-000342',
      documentType: 'INSPECTION_REPORT',
      productName: '电源适配器',
      model: 'PA-20',
      client: '广州市捷达贸易有限公司',
      manufacturer: '广州市捷达电器厂',
      standards: ['GB 4943.1-2022'],
      conclusion: 'PASS',
      issueDate: '2025-05-20',
    },
    status: { status: 'REVOKED', reason: 'Sample substitution found in a follow-up audit' },
  },
  {
    issuerId: 'mingjian-testing',
    report: {
      reportNumber: 'MJ2024-000718',
      documentType: 'INSPECTION_REPORT',
      productName: '插座',
      model: 'S-10A',
      client: '宁波市安居电器有限公司',
      manufacturer: '宁波市安居电器有限公司',
      standards: ['GB/T 2099.1-2021'],
      conclusion: 'PASS',
      issueDate: '2024-07-15',
    },
  },
  {
    issuerId: 'northstar-cert',
    report: {
      reportNumber: 'NSC-QMS-20418',
      documentType: 'CERTIFICATE',
      productName: 'Design and manufacture of LED lighting products',
      client: 'Brightway Lighting Co., Ltd.',
      standards: ['ISO 9001:2015'],
      issueDate: '2025-04-01',
      validUntil: '2028-03-31',
      fields: { certificateHolder: 'Brightway Lighting Co., Ltd.' },
    },
  },
  {
    issuerId: 'northstar-cert',
    report: {
      reportNumber: 'NSC-QMS-17002',
      documentType: 'CERTIFICATE',
      productName: 'Manufacture of plastic kitchenware',
      client: 'Harbor Homewares Ltd.',
      standards: ['ISO 9001:2015'],
      issueDate: '2022-11-01',
      validUntil: '2025-10-31',
      fields: { certificateHolder: 'Harbor Homewares Ltd.' },
    },
  },
  {
    issuerId: 'lumiere-gem-lab',
    report: {
      reportNumber: '2141558011',
      documentType: 'GEM_REPORT',
      productName: 'Natural diamond',
      issueDate: '2025-02-10',
      fields: { caratWeight: 1.02, gemIdentification: 'Natural diamond' },
    },
  },
];

export const DemoFraudPatterns: FraudPatternInput[] = [
  { kind: 'REPORT_NUMBER', value: 'MJ2023-999999', match: 'EXACT', severity: 'HIGH', note: 'Number printed on reports sold online without testing' },
  { kind: 'QR_DOMAIN', value: 'mingjian-verify.example.com', match: 'EXACT', severity: 'HIGH', note: 'Fake "anti-counterfeit verification" site' },
  { kind: 'ISSUER_NAME', value: '国家产品质量检验认证中心', match: 'EXACT', severity: 'MEDIUM', note: 'Official-sounding body that does not exist' },
  { kind: 'PHRASE', value: '代办检测报告', match: 'EXACT', severity: 'HIGH', note: 'Report-for-sale advertising left on the document' },
  { kind: 'REPORT_NUMBER', value: '^FAKE-\\d+$', match: 'REGEX', severity: 'HIGH', note: 'Numbering used by a known forgery ring' },
];
