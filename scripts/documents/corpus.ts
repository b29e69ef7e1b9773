/**
 * The labelled extraction corpus: fictional issuers and documents covering
 * English and Chinese inspection reports (cover and table layouts), ISO 9001
 * certificates and gem reports, and the writer that renders them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeDocument } from './compose.ts';
import { renderLayoutPdf } from './render-pdf.ts';
import { jpegsToPdf, scanLayout, type ScanOptions } from './render-scan.ts';
import { LAYOUT_DOCUMENTS, labelledCorpus, type LabelledDocument } from './labelled-corpus.ts';
import type { DocumentDescription, GroundTruth } from './types.ts';

/** One document per kind × language: cover and table inspection reports, ISO 9001 certificates, gem reports. */
const KIND_DOCUMENTS: readonly DocumentDescription[] = [
  {
    id: 'en-inspection-cover',
    kind: 'inspection-report',
    language: 'en',
    layout: 'cover',
    issuer: {
      name: 'Harbourline Testing Services Co., Ltd.',
      address: '18 Keystone Road, Nanshan District, Shenzhen, China',
      accreditations: [
        { scheme: 'CNAS', number: 'L5821' },
        { scheme: 'CMA', number: '202319125036' },
      ],
    },
    fields: {
      reportNumber: 'HTS2025-031400127',
      productName: 'Electric Rice Cooker',
      model: 'RC-40A',
      client: 'Bluewave Home Appliances Co., Ltd.',
      manufacturer: 'Zhongshan Everbright Electric Co., Ltd.',
      standards: ['GB 4706.1-2005', 'GB 4706.19-2008'],
      conclusion: 'The sample complies with the requirements of the standards above.',
      sampleReceivedDate: '2025-02-26',
      issueDate: '2025-03-14',
    },
    dateStyle: 'en-dmy',
    qr: 'https://verify.harbourline-testing.example/r/HTS2025-031400127',
    truth: { conclusion: 'PASS' },
  },
  {
    id: 'en-inspection-table',
    kind: 'inspection-report',
    language: 'en',
    layout: 'table',
    issuer: {
      name: 'Northgate Product Testing Laboratory',
      address: '5 Riverside Avenue, Jinhua, Zhejiang, China',
      accreditations: [
        { scheme: 'CNAS', number: 'L3376' },
        { scheme: 'CMA', number: '201819128877' },
      ],
    },
    fields: {
      reportNumber: 'NPT-25-0412-0093',
      productName: 'Ride-on Toy Car',
      model: 'TC-8800',
      client: 'Sunny Path Trading Ltd.',
      manufacturer: 'Jinhua Merrytoys Manufacturing Co., Ltd.',
      standards: ['GB 6675.2-2014', 'EN 71-1:2014', 'ASTM F963-17'],
      conclusion: 'FAIL',
      sampleReceivedDate: '2025-03-27',
      issueDate: '2025-04-18',
    },
    dateStyle: 'en-mdy',
  },
  {
    id: 'zh-inspection-cover',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'cover',
    issuer: {
      name: '深圳华信检测技术有限公司',
      nameEn: 'Shenzhen Huaxin Testing Technology Co., Ltd.',
      address: '深圳市南山区科技园北区创新路18号',
      accreditations: [
        { scheme: 'CNAS', number: 'L6120' },
        { scheme: 'CMA', number: '202419004512' },
      ],
    },
    fields: {
      reportNumber: 'HXJC-2025-03-0815',
      productName: '电热水壶',
      model: 'HX-1720',
      client: '杭州青禾电器有限公司',
      manufacturer: '宁波明川家电制造有限公司',
      standards: ['GB 4706.1-2005', 'GB 4706.19-2008'],
      conclusion: '经检验，该样品所检项目符合GB 4706.19-2008的要求，判定为合格。',
      sampleReceivedDate: '2025-02-20',
      issueDate: '2025-03-14',
    },
    dateStyle: 'zh',
    seal: true,
    qr: 'https://www.huaxin-testing.example/verify?no=HXJC-2025-03-0815',
    truth: { conclusion: 'PASS' },
  },
  {
    id: 'zh-inspection-table',
    kind: 'inspection-report',
    language: 'zh',
    layout: 'table',
    issuer: {
      name: '江苏衡正质量检验中心',
      address: '南京市江宁区科学园衡山路9号',
      accreditations: [
        { scheme: 'CNAS', number: 'L2290' },
        { scheme: 'CMA', number: '201910003346' },
      ],
    },
    fields: {
      reportNumber: 'HZJY2025-0457',
      productName: '儿童安全座椅',
      model: 'BS-360',
      client: '苏州童安婴童用品有限公司',
      manufacturer: '昆山乐护儿童用品有限公司',
      standards: ['GB 27887-2011'],
      conclusion: '不合格',
      sampleReceivedDate: '2025-04-28',
      issueDate: '2025-05-20',
    },
    dateStyle: 'dot',
    seal: true,
    truth: { conclusion: 'FAIL' },
  },
  {
    id: 'en-iso-certificate',
    kind: 'system-certificate',
    language: 'en',
    issuer: {
      name: 'Meridian Assurance Certification Co., Ltd.',
      address: '66 Harbour Street, Pudong, Shanghai, China',
      accreditations: [
        { scheme: 'CNAS', number: 'C215-M' },
        { scheme: 'CNCA', number: 'CNCA-R-2004-118' },
      ],
    },
    fields: {
      reportNumber: '12325Q30471R1M',
      certificateHolder: 'Bluewave Home Appliances Co., Ltd.',
      certificationScope: 'Design, production and sales of electric rice cookers, electric kettles and small kitchen appliances',
      standards: ['ISO 9001:2015'],
      issueDate: '2025-03-14',
      validUntil: '2028-03-13',
      extra: [{ label: 'Initial Certification', value: '03/21/2019' }],
    },
    dateStyle: 'us',
    qr: 'https://cert.meridian-assurance.example/check?no=12325Q30471R1M',
  },
  {
    id: 'zh-iso-certificate',
    kind: 'system-certificate',
    language: 'zh',
    issuer: {
      name: '中辰认证有限公司',
      nameEn: 'Zhongchen Certification Co., Ltd.',
      accreditations: [
        { scheme: 'CNAS', number: 'C187-M' },
        { scheme: 'CNCA', number: 'CNCA-R-2011-052' },
      ],
    },
    fields: {
      reportNumber: '03125Q21893R0M',
      certificateHolder: '杭州青禾电器有限公司',
      certificationScope: '电热水壶、电饭锅及小型厨房电器的设计、生产和销售',
      standards: ['GB/T 19001-2016', 'ISO 9001:2015'],
      issueDate: '2025-06-18',
      validUntil: '2028-06-17',
      extra: [{ label: '初次发证日期', value: '2019年6月20日' }],
    },
    dateStyle: 'zh',
    seal: true,
  },
  {
    id: 'en-gem-report',
    kind: 'gem-report',
    language: 'en',
    issuer: {
      name: 'Aurelian Gemological Laboratory',
      address: '210 Jewellers Row, Hong Kong',
      accreditations: [],
    },
    fields: {
      reportNumber: '2141234567',
      caratWeight: 1.02,
      gemIdentification: 'Natural Diamond',
      issueDate: '2025-03-14',
      extra: [
        { label: 'Shape and Cutting Style', value: 'Round Brilliant' },
        { label: 'Measurements', value: '6.45 - 6.48 x 3.98 mm' },
        { label: 'Color Grade', value: 'G' },
        { label: 'Clarity Grade', value: 'VS1' },
      ],
    },
    dateStyle: 'en-mdy',
    qr: 'https://check.aurelian-gem.example/report/2141234567',
  },
  {
    id: 'zh-gem-report',
    kind: 'gem-report',
    language: 'zh',
    issuer: {
      name: '华南珠宝玉石检测中心',
      accreditations: [
        { scheme: 'CNAS', number: 'L0391' },
        { scheme: 'CMA', number: '202119002178' },
      ],
    },
    fields: {
      reportNumber: 'HN25G0308712',
      gemIdentification: '天然钻石',
      caratWeight: 0.512,
      standards: ['GB/T 16552-2017', 'GB/T 16554-2017'],
      issueDate: '2025-07-09',
      extra: [
        { label: '颜色', value: 'G' },
        { label: '净度', value: 'VS1' },
        { label: '形状', value: '圆形明亮式' },
      ],
    },
    dateStyle: 'dot',
    qr: 'https://www.hn-gem.example/cert/HN25G0308712',
  },
];

/** Every genuine document: the kinds above and every further inspection-report layout (labelled-corpus.ts) × {en, zh}. */
export const CORPUS_DOCUMENTS: readonly DocumentDescription[] = [...KIND_DOCUMENTS, ...LAYOUT_DOCUMENTS];

/**
 * Every labelled document: each genuine one with its issuer, registration and
 * allowed verdicts, and three forgeries per inspection-report layout × language.
 */
export const LABELLED_CORPUS: readonly LabelledDocument[] = labelledCorpus(CORPUS_DOCUMENTS);

/** A document kind as the benchmark groups it: `en inspection-report`, `zh gem-report` … */
export const corpusKind = (doc: DocumentDescription): string => `${doc.language} ${doc.kind}`;

export interface CorpusEntry {
  id: string;
  kind: DocumentDescription['kind'];
  language: DocumentDescription['language'];
  layout: DocumentDescription['layout'];
  pages: number;
  files: { textPdf: string; scanJpegs: string[]; scanPdf?: string };
  truth: Partial<GroundTruth>;
}

/** A hash of the renderer's source: a corpus written by other code is stale. */
export const corpusFingerprint = async (): Promise<string> => {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const renderer = ['compose.ts', 'compose-layouts.ts', 'corpus.ts', 'labelled-corpus.ts', 'fonts.ts', 'render-pdf.ts', 'render-scan.ts', 'types.ts'];
  for (const name of (await readdir(here)).filter((n) => renderer.includes(n)).sort()) {
    hash.update(name).update(await readFile(join(here, name)));
  }
  return hash.digest('hex').slice(0, 16);
};

export const FINGERPRINT_FILE = 'fingerprint.txt';

export const SCAN_DEFAULTS: Required<Omit<ScanOptions, 'rotationDeg' | 'seed'>> = { dpi: 300, noise: 0.35, quality: 80 };

/**
 * Renders the corpus into `dir`: per document a text PDF, and unless
 * `scans: false` a JPEG per page and the image-only PDF, plus `<id>.truth.json`
 * and an `index.json` listing all entries.
 */
export const writeCorpus = async (dir: string, options: { scans?: boolean; documents?: readonly DocumentDescription[] } = {}): Promise<CorpusEntry[]> => {
  await mkdir(dir, { recursive: true });
  const entries: CorpusEntry[] = [];
  const docs = options.documents ?? CORPUS_DOCUMENTS;
  for (const [i, doc] of docs.entries()) {
    const layout = composeDocument(doc);
    const textPdf = `${doc.id}.pdf`;
    await writeFile(join(dir, textPdf), await renderLayoutPdf(layout, doc.metadata, doc.id));
    const entry: CorpusEntry = {
      id: doc.id,
      kind: doc.kind,
      language: doc.language,
      layout: doc.layout,
      pages: layout.pages.length,
      files: { textPdf, scanJpegs: [] },
      truth: layout.printed,
    };
    if (options.scans !== false) {
      const jpegs = await scanLayout(layout, { ...SCAN_DEFAULTS, seed: i + 1 });
      for (const [p, jpeg] of jpegs.entries()) {
        const name = jpegs.length === 1 ? `${doc.id}.scan.jpg` : `${doc.id}.scan.p${p + 1}.jpg`;
        await writeFile(join(dir, name), jpeg);
        entry.files.scanJpegs.push(name);
      }
      entry.files.scanPdf = `${doc.id}.scan.pdf`;
      await writeFile(join(dir, entry.files.scanPdf), await jpegsToPdf(jpegs, layout.pages, doc.metadata, doc.id));
    }
    await writeFile(join(dir, `${doc.id}.truth.json`), `${JSON.stringify({ id: doc.id, truth: entry.truth }, null, 2)}\n`);
    entries.push(entry);
  }
  await writeFile(join(dir, 'index.json'), `${JSON.stringify(entries, null, 2)}\n`);
  if (options.scans !== false && !options.documents) await writeFile(join(dir, FINGERPRINT_FILE), `${await corpusFingerprint()}\n`);
  return entries;
};
