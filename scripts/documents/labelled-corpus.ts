/**
 * The labelled corpus as data: every document of the extraction corpus with
 * what it is (genuine or which forgery), the issuer and registration of the
 * genuine report it claims to be, and the verdicts allowed for it through the
 * API. Every inspection-report layout × {en, zh} has a genuine document and
 * three forgeries: an edited field, a white-out edit, and a fake number.
 *
 * Degradations (scans, photos, faxes) apply to any entry: a genuine document
 * stays genuine, a forgery stays a forgery, only the allowed verdicts widen
 * (`allowed.scan`): a scan may be SUSPICIOUS, never the wrong way round.
 */
import type { IssuerInput } from '#shared/domain/issuer.ts';
import type { RegisterReportInput } from '#shared/domain/report.ts';
import type { Verdict } from '#shared/domain/verification.ts';
import { composeDocument } from './compose.ts';
import type { DocumentDescription, GroundTruth, Language, LayoutStyle } from './types.ts';

export const Roles = ['genuine', 'edited', 'white-out', 'fake-number'] as const;
export type Role = (typeof Roles)[number];

export interface LabelledDocument {
  id: string;
  /** `cover`, `table`, `grid`, `prose`, `cover-results`, `bilingual`, `certificate` or `gem`. */
  layout: LayoutStyle | 'certificate' | 'gem';
  language: Language;
  role: Role;
  doc: DocumentDescription;
  /** The issuer the document claims, as registered (issuerId + PUT /issuers body). */
  issuer: { issuerId: string; input: IssuerInput };
  /** The registration of the genuine report (POST /issuers/{issuerId}/reports body). */
  registration: RegisterReportInput;
  /** Verdicts allowed through the API: from its text PDF, and from a degraded copy (scan, photo, fax). */
  allowed: { text: readonly Verdict[]; scan: readonly Verdict[] };
}

const ALLOWED: Record<Role, LabelledDocument['allowed']> = {
  genuine: { text: ['AUTHENTIC'], scan: ['AUTHENTIC', 'SUSPICIOUS'] },
  edited: { text: ['FRAUDULENT'], scan: ['FRAUDULENT', 'SUSPICIOUS'] },
  'white-out': { text: ['FRAUDULENT'], scan: ['FRAUDULENT', 'SUSPICIOUS'] },
  'fake-number': { text: ['FRAUDULENT'], scan: ['FRAUDULENT', 'SUSPICIOUS'] },
};

/** The genuine inspection reports of the layouts beyond cover and table (those are in corpus.ts). */
export const LAYOUT_DOCUMENTS: readonly DocumentDescription[] = [
  {
    id: 'en-inspection-grid',
    kind: 'inspection-report',
    language: 'en',
    layout: 'grid',
    issuer: { name: 'Eastbay Quality Testing Co., Ltd.', address: '9 Pearl River Road, Guangzhou, China', accreditations: [{ scheme: 'CNAS', number: 'L4410' }] },
    fields: {
      reportNumber: 'EQT-2025-04-1187',
      productName: 'Electric Rice Cooker',
      model: 'RC-40A',
      client: 'Bluewave Home Appliances Co., Ltd.',
      manufacturer: 'Zhongshan Everbright Electric Co., Ltd.',
      standards: ['GB 4706.1-2005', 'GB 4706.19-2008'],
      conclusion: 'PASS',
      sampleReceivedDate: '2025-03-27',
      issueDate: '2025-04-18',
    },
    dateStyle: 'dmy-dot',
    qr: 'https://verify.eastbay-testing.example/r/EQT-2025-04-1187',
  },
  {
    id: 'zh-inspection-grid',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'grid',
    issuer: { name: '浙江正衡检测技术有限公司', address: '杭州市滨江区江南大道1288号', accreditations: [{ scheme: 'CNAS', number: 'L7012' }, { scheme: 'CMA', number: '202211003958' }] },
    fields: {
      reportNumber: 'ZH2025-0702-0331',
      productName: '电热水壶',
      model: 'HX-1720',
      client: '杭州青禾电器有限公司',
      manufacturer: '宁波明川家电制造有限公司',
      standards: ['GB 4706.1-2005', 'GB 4706.19-2008'],
      conclusion: '合格',
      sampleReceivedDate: '2025-06-20',
      issueDate: '2025-07-02',
    },
    dateStyle: 'slash',
    seal: true,
    qr: 'https://verify.zhengheng-test.example.cn/r?no=ZH2025-0702-0331',
    truth: { conclusion: 'PASS' },
  },
  {
    id: 'en-inspection-prose',
    kind: 'inspection-report',
    language: 'en',
    layout: 'prose',
    issuer: { name: 'Lakeshore Testing Laboratory', address: '77 Lakeshore Drive, Suzhou, China', accreditations: [{ scheme: 'CNAS', number: 'L2871' }] },
    fields: {
      reportNumber: 'LTL25-118204',
      productName: 'Ride-on Toy Car',
      model: 'TC-8800',
      client: 'Sunny Path Trading Ltd.',
      manufacturer: 'Jinhua Merrytoys Manufacturing Co., Ltd.',
      standards: ['GB 6675.2-2014', 'EN 71-1:2014'],
      conclusion: 'PASS',
      sampleReceivedDate: '2025-02-26',
      issueDate: '2025-03-14',
    },
    dateStyle: 'en-mdy',
    qr: 'https://check.lakeshore-lab.example/LTL25-118204',
  },
  {
    id: 'zh-inspection-prose',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'prose',
    issuer: { name: '深圳华测质量检验中心', accreditations: [{ scheme: 'CNAS', number: 'L5519' }, { scheme: 'CMA', number: '202019007711' }] },
    fields: {
      reportNumber: 'XX-2025-000123',
      productName: '儿童安全座椅',
      model: 'BS-360',
      client: '苏州童安婴童用品有限公司',
      manufacturer: '昆山乐护儿童用品有限公司',
      standards: ['GB 27887-2011'],
      conclusion: '合格',
      sampleReceivedDate: '2025-06-10',
      issueDate: '2025-07-02',
    },
    dateStyle: 'zh',
    seal: true,
    qr: 'https://www.huace-jy.example.cn/verify?no=XX-2025-000123',
    truth: { conclusion: 'PASS' },
  },
  {
    id: 'en-inspection-cover-results',
    kind: 'inspection-report',
    language: 'en',
    layout: 'cover-results',
    issuer: { name: 'Summit Product Assurance Ltd.', address: '3 Summit Park, Ningbo, China', accreditations: [{ scheme: 'CNAS', number: 'L6633' }] },
    fields: {
      reportNumber: 'SPA-250418-0072',
      productName: 'Cordless Hair Dryer',
      model: 'HD-2200',
      client: 'Brightline Retail Co., Ltd.',
      manufacturer: 'Cixi Windstar Electrical Appliance Co., Ltd.',
      standards: ['IEC 60335-2-23:2016'],
      conclusion: 'FAIL',
      sampleReceivedDate: '2025-04-01',
      issueDate: '2025-04-18',
    },
    dateStyle: 'en-dmy-short',
    qr: 'https://verify.summit-assurance.example/SPA-250418-0072',
  },
  {
    id: 'zh-inspection-cover-results',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'cover-results',
    issuer: { name: '广东粤检产品质量监督检验有限公司', accreditations: [{ scheme: 'CNAS', number: 'L3390' }, { scheme: 'CMA', number: '201919008842' }] },
    fields: {
      reportNumber: 'YJ2025-04180',
      productName: '移动电源',
      model: 'PB-20000',
      client: '东莞市优能电子科技有限公司',
      manufacturer: '惠州市金源电池有限公司',
      standards: ['GB 4943.1-2022', 'GB/T 35590-2017'],
      conclusion: '不合格',
      sampleReceivedDate: '2025-03-28',
      issueDate: '2025-04-18',
    },
    dateStyle: 'iso',
    seal: true,
    qr: 'https://www.yuejian.example.cn/cx?bh=YJ2025-04180',
    truth: { conclusion: 'FAIL' },
  },
  {
    id: 'en-inspection-bilingual',
    kind: 'inspection-report',
    language: 'en',
    layout: 'bilingual',
    issuer: { name: 'Pacific Rim Testing Services Co., Ltd.', accreditations: [{ scheme: 'CNAS', number: 'L1908' }] },
    fields: {
      reportNumber: 'PRT2025-070955',
      productName: 'LED Desk Lamp',
      model: 'DL-12',
      client: 'Northwind Lighting Ltd.',
      manufacturer: 'Foshan Brightway Lighting Co., Ltd.',
      standards: ['IEC 60598-1:2020'],
      conclusion: 'PASS',
      sampleReceivedDate: '2025-06-30',
      issueDate: '2025-07-09',
    },
    dateStyle: 'en-dmy',
    qr: 'https://verify.pacificrim-testing.example/PRT2025-070955',
  },
  {
    id: 'zh-inspection-bilingual',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'bilingual',
    issuer: { name: '上海申衡检测技术有限公司', nameEn: 'Shanghai Shenheng Testing Technology Co., Ltd.', accreditations: [{ scheme: 'CNAS', number: 'L8120' }, { scheme: 'CMA', number: '202309001276' }] },
    fields: {
      reportNumber: 'SH-JC-2025-1043',
      productName: '电动牙刷',
      model: 'ET-5',
      client: '上海洁齿日用品有限公司',
      manufacturer: '深圳市华美电器有限公司',
      standards: ['GB 4706.1-2005', 'QB/T 2966-2014'],
      conclusion: '合格',
      sampleReceivedDate: '2025-05-06',
      issueDate: '2025-05-20',
    },
    dateStyle: 'zh',
    seal: true,
    truth: { conclusion: 'PASS' },
  },
];

const slug = (name: string): string => {
  const ascii = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (ascii.length >= 3) return ascii.slice(0, 40);
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `issuer-${h.toString(36)}`;
};

/** The shape of a number as a pattern: digits become \d{n}, the rest is kept. */
export const numberPattern = (n: string): string =>
  n.replace(/\d+|[^\d]+/g, (run) => (/^\d/.test(run) ? `\\d{${run.length}}` : run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

const host = (url: string | undefined): string | undefined => {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
};

/** The issuer of a genuine document as a registry would hold it: accredited, registering every report. */
const issuerOf = (doc: DocumentDescription): LabelledDocument['issuer'] => {
  const domain = host(doc.qr);
  return {
    issuerId: slug(doc.issuer.nameEn ?? doc.issuer.name),
    input: {
      name: doc.issuer.name,
      ...(doc.issuer.nameEn ? { nameAliases: [doc.issuer.nameEn] } : {}),
      country: 'CN',
      accreditations: doc.issuer.accreditations.map((a) => ({ scheme: a.scheme, number: a.number, validFrom: '2015-01-01', status: 'ACTIVE' as const })),
      reportNumberPatterns: [numberPattern(doc.fields.reportNumber)],
      ...(domain ? { verificationDomains: [domain] } : {}),
      registersAllReports: true,
    },
  };
};

/** The registration of a genuine document: what it printed. */
const registrationOf = (doc: DocumentDescription, truth: Partial<GroundTruth>): RegisterReportInput => {
  const extra: Record<string, string | number> = {};
  if (truth.sampleReceivedDate) extra.sampleReceivedDate = truth.sampleReceivedDate;
  if (truth.certificateHolder) extra.certificateHolder = truth.certificateHolder;
  if (truth.certificationScope) extra.certificationScope = truth.certificationScope;
  if (truth.caratWeight !== undefined) extra.caratWeight = truth.caratWeight;
  if (truth.gemIdentification) extra.gemIdentification = truth.gemIdentification;
  return {
    reportNumber: doc.fields.reportNumber,
    documentType: truth.documentType ?? 'OTHER',
    productName: truth.productName ?? truth.gemIdentification ?? truth.certificationScope ?? doc.fields.reportNumber,
    ...(truth.model ? { model: truth.model } : {}),
    ...(truth.client ? { client: truth.client } : {}),
    ...(truth.manufacturer ? { manufacturer: truth.manufacturer } : {}),
    ...(truth.standards ? { standards: truth.standards } : {}),
    ...(truth.conclusion ? { conclusion: truth.conclusion } : {}),
    issueDate: truth.issueDate ?? '2025-01-01',
    ...(truth.validUntil ? { validUntil: truth.validUntil } : {}),
    ...(Object.keys(extra).length > 0 ? { fields: extra } : {}),
  };
};

/** A number of the same shape that the issuer never issued: the last digits replaced by 9s. */
const fakeNumber = (n: string): string => n.replace(/\d{3}$/, (d) => (d === '999' ? '998' : '999'));

const edited = (doc: DocumentDescription): Partial<DocumentDescription['fields']> =>
  doc.language === 'zh' ? { manufacturer: '深圳市新锐电子有限公司' } : { manufacturer: 'Dongguan Fastline Electronics Co., Ltd.' };

const whiteOutModel = (model: string): string => `${model.replace(/\d+/, (d) => String(Number(d) + 1))}X`;

/** The genuine document and its three forgeries. */
const withForgeries = (genuine: DocumentDescription, layout: LabelledDocument['layout']): LabelledDocument[] => {
  const truth = composeDocument(genuine).printed;
  const issuer = issuerOf(genuine);
  const registration = registrationOf(genuine, truth);
  const entry = (role: Role, doc: DocumentDescription): LabelledDocument => ({
    id: doc.id,
    layout,
    language: genuine.language,
    role,
    doc,
    issuer,
    registration,
    allowed: ALLOWED[role],
  });
  const out = [entry('genuine', genuine)];
  if (genuine.kind !== 'inspection-report') return out;
  out.push(entry('edited', { ...genuine, id: `${genuine.id}--edited`, fields: { ...genuine.fields, ...edited(genuine) } }));
  const model = genuine.fields.model ?? '';
  const forgedModel = whiteOutModel(model);
  out.push(entry('white-out', { ...genuine, id: `${genuine.id}--white-out`, fields: { ...genuine.fields, model: forgedModel }, whiteOut: { original: model, printed: forgedModel } }));
  const fake = fakeNumber(genuine.fields.reportNumber);
  out.push(
    entry('fake-number', {
      ...genuine,
      id: `${genuine.id}--fake-number`,
      fields: { ...genuine.fields, reportNumber: fake },
      ...(genuine.qr ? { qr: genuine.qr.replace(genuine.fields.reportNumber, fake) } : {}),
    }),
  );
  return out;
};

const layoutOf = (doc: DocumentDescription): LabelledDocument['layout'] =>
  doc.kind === 'system-certificate' ? 'certificate' : doc.kind === 'gem-report' ? 'gem' : (doc.layout ?? 'cover');

/** Every labelled document, built from the genuine documents given (corpus.ts passes all of them). */
export const labelledCorpus = (genuine: readonly DocumentDescription[]): LabelledDocument[] => genuine.flatMap((d) => withForgeries(d, layoutOf(d)));
