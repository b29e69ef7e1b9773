/**
 * The example documents of the demo: each is rendered from the demo registry
 * (local/seed/demo-data.ts), so a genuine one matches its registration and
 * each forgery differs from it in exactly one way. scripts/generate-examples.ts
 * writes them to examples/; the end-to-end tests render them in memory.
 */
import { DemoIssuers, DemoReports } from '#local/seed/demo-data.ts';
import type { Verdict } from '#shared/domain/verification.ts';
import type { DocumentDescription } from './types.ts';

const issuer = (issuerId: string): DocumentDescription['issuer'] => {
  const registered = DemoIssuers[issuerId];
  if (!registered) throw new Error(`no demo issuer ${issuerId}`);
  return {
    name: registered.name,
    ...(registered.nameAliases?.[0] && /[a-z]/i.test(registered.nameAliases[0]) ? { nameEn: registered.nameAliases[0] } : {}),
    accreditations: registered.accreditations.map(({ scheme, number }) => ({ scheme, number })),
  };
};

const registered = (reportNumber: string) => {
  const found = DemoReports.find((r) => r.report.reportNumber === reportNumber);
  if (!found) throw new Error(`no demo report ${reportNumber}`);
  return found.report;
};

/** The Chinese inspection report MJ2025-000127 as the lab printed it. */
const charger = (overrides: Partial<DocumentDescription['fields']> = {}, extra: Partial<DocumentDescription> = {}): DocumentDescription => {
  const r = registered('MJ2025-000127');
  return {
    id: 'genuine',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'cover',
    issuer: issuer('mingjian-testing'),
    fields: {
      reportNumber: r.reportNumber,
      productName: r.productName,
      model: r.model,
      client: r.client,
      manufacturer: r.manufacturer,
      standards: r.standards,
      conclusion: '判定为合格',
      issueDate: r.issueDate,
      sampleReceivedDate: '2025-03-03',
      ...overrides,
    },
    dateStyle: 'zh',
    qr: `https://verify.mingjian-testing.example.cn/r/${overrides.reportNumber ?? r.reportNumber}`,
    seal: true,
    ...extra,
  };
};

const mingjianReport = (reportNumber: string, id: string): DocumentDescription => {
  const r = registered(reportNumber);
  return charger(
    { reportNumber, productName: r.productName, model: r.model, client: r.client, manufacturer: r.manufacturer, standards: r.standards, issueDate: r.issueDate, sampleReceivedDate: undefined },
    { id },
  );
};

export interface Example {
  id: string;
  /** What is wrong with it, for the README. */
  story: string;
  doc: DocumentDescription;
  /** Also render a 300-dpi scan of it. */
  scan?: boolean;
  submission?: { sellerId?: string; claimedProduct?: string };
  expected: Verdict;
}

export const EXAMPLES: readonly Example[] = [
  { id: 'genuine', story: 'the lab’s own report, as registered', doc: charger(), scan: true, submission: { sellerId: 'seller-001', claimedProduct: '65W 快速充电器' }, expected: 'AUTHENTIC' },
  { id: 'tampered', story: 'the genuine report with the model edited from QC-65W to QC-100W', doc: charger({ model: 'QC-100W' }, { id: 'tampered' }), expected: 'FRAUDULENT' },
  { id: 'fake-number', story: 'a number sold online without any testing (a known fake-number pattern)', doc: charger({ reportNumber: 'MJ2023-999999' }, { id: 'fake-number' }), expected: 'FRAUDULENT' },
  { id: 'unregistered-number', story: 'a well-formed number the lab never issued (the lab registers every report)', doc: charger({ reportNumber: 'MJ2025-000999' }, { id: 'unregistered-number' }), expected: 'FRAUDULENT' },
  { id: 'off-pattern', story: 'a number that breaks the lab’s numbering pattern', doc: charger({ reportNumber: 'MJ-25-127' }, { id: 'off-pattern' }), expected: 'FRAUDULENT' },
  {
    id: 'wrong-accreditation',
    story: 'the lab’s name with another lab’s CNAS number',
    doc: charger({}, { id: 'wrong-accreditation', issuer: { ...issuer('mingjian-testing'), accreditations: [{ scheme: 'CNAS', number: 'L8801' }] } }),
    expected: 'FRAUDULENT',
  },
  { id: 'suspended', story: 'a report issued while the lab’s CNAS accreditation was suspended', doc: mingjianReport('MJ2024-000718', 'suspended'), expected: 'SUSPICIOUS' },
  { id: 'revoked', story: 'a report the lab revoked after an audit', doc: mingjianReport('MJ2025-000342', 'revoked'), expected: 'FRAUDULENT' },
  { id: 'fake-qr', story: 'the genuine fields with a QR code to a fake verification site', doc: charger({}, { id: 'fake-qr', qr: 'https://mingjian-verify.example.com/check?no=MJ2025-000127' }), expected: 'FRAUDULENT' },
  {
    id: 'known-forgery',
    story: 'a forged file investigators have seen before: its sha256 is a fraud pattern',
    doc: charger({ productName: '移动电源', model: 'PB-20000' }, { id: 'known-forgery', seal: false }),
    expected: 'FRAUDULENT',
  },
  {
    id: 'unknown-issuer',
    story: 'a report from a lab that is in no registry',
    doc: {
      id: 'unknown-issuer',
      kind: 'inspection-report',
      language: 'en',
      layout: 'cover',
      issuer: { name: 'Zenith Quality Verification Centre', accreditations: [] },
      fields: { reportNumber: 'ZQ-2025-0117', productName: 'Electric Kettle', model: 'EK-17', client: 'Homeway Ltd.', conclusion: 'PASS', issueDate: '2025-05-02' },
      dateStyle: 'iso',
    },
    expected: 'UNVERIFIABLE',
  },
  {
    id: 'expired-certificate',
    story: 'an ISO 9001 certificate past its expiry date',
    doc: (() => {
      const r = registered('NSC-QMS-17002');
      return {
        id: 'expired-certificate',
        kind: 'system-certificate',
        language: 'en',
        issuer: issuer('northstar-cert'),
        fields: {
          reportNumber: r.reportNumber,
          certificateHolder: String(r.fields?.certificateHolder ?? r.client),
          certificationScope: r.productName,
          standards: r.standards,
          issueDate: r.issueDate,
          validUntil: r.validUntil,
        },
        dateStyle: 'en-dmy',
        qr: `https://certs.northstar-cert.example/check?no=${r.reportNumber}`,
      } satisfies DocumentDescription;
    })(),
    expected: 'SUSPICIOUS',
  },
  {
    id: 'gem-genuine',
    story: 'a registered diamond report',
    doc: (() => {
      const r = registered('2141558011');
      return {
        id: 'gem-genuine',
        kind: 'gem-report',
        language: 'en',
        issuer: issuer('lumiere-gem-lab'),
        fields: { reportNumber: r.reportNumber, issueDate: r.issueDate, caratWeight: Number(r.fields?.caratWeight), gemIdentification: String(r.fields?.gemIdentification) },
        dateStyle: 'en-mdy',
        qr: `https://check.lumiere-gemlab.example/report/${r.reportNumber}`,
      } satisfies DocumentDescription;
    })(),
    expected: 'AUTHENTIC',
  },
];
