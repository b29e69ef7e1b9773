/**
 * Label dictionaries (Chinese and English) for the printed fields of inspection
 * reports, certificates and gem reports, compiled into OCR-tolerant patterns.
 *
 * A label maps to the field whose value follows it, or to `null` for labels
 * that are printed on the same documents but carry no field of ours: those
 * still end the value of the label before them ("样品名称 电饭煲 商标 华信").
 */
import type { FieldName } from '#shared/domain/verification.ts';

/** The fields found through a printed label. */
export type LabelledField = Exclude<FieldName, 'documentType' | 'accreditationNumbers' | 'qr'>;

export interface LabelSpec {
  /** Chinese labels; OCR may put spaces between the characters. */
  zh: readonly string[];
  /** Specific English labels, matched anywhere in a line. */
  en: readonly string[];
  /**
   * Generic English words ("Product", "Date") that are labels only when a colon follows
   * or when they stand alone in a cell; otherwise they are ordinary words.
   */
  enStrict?: readonly string[];
  /** Generic Chinese labels (质量, 结论) with the same rule as enStrict. */
  zhStrict?: readonly string[];
}

export const FIELD_LABELS = {
  reportNumber: {
    zh: ['报告编号', '证书编号', '报告号', '证书号', '检验编号', '检测编号', '报告编码', '证书号码'],
    en: ['Report No.', 'Report Number', 'Certificate No.', 'Certificate Number', 'Cert. No.', 'Report #', 'Registration No.'],
    enStrict: ['No.', 'Number'],
    zhStrict: ['编号'],
  },
  issuerName: {
    zh: ['检验检测机构', '检验机构', '检测机构', '签发机构', '发证机构', '认证机构', '鉴定机构', '出具机构'],
    en: ['Testing Laboratory', 'Test Laboratory', 'Issuing Body', 'Issuing Laboratory', 'Certification Body', 'Issued by'],
    enStrict: ['Laboratory'],
  },
  productName: {
    zh: ['样品名称', '产品名称', '商品名称', '物品名称', '检品名称', '受检产品'],
    en: ['Sample Name', 'Product Name', 'Name of Sample', 'Name of Product', 'Sample Description', 'Product Description'],
    enStrict: ['Product', 'Sample', 'Item'],
  },
  model: {
    zh: ['规格型号', '型号规格', '产品型号', '型号', '规格'],
    en: ['Model/Type Reference', 'Model/Type', 'Type/Model', 'Type Reference', 'Model No.', 'Model Number', 'Model Name'],
    enStrict: ['Model', 'Specification', 'Type'],
  },
  client: {
    zh: ['委托单位', '委托方', '委托人', '申请单位', '申请人', '送检单位', '委托单位名称'],
    en: ['Client Name', 'Applicant Name', 'Name of Client', 'Name of Applicant'],
    enStrict: ['Client', 'Applicant', 'Customer'],
  },
  manufacturer: {
    zh: ['生产单位', '生产厂家', '生产企业', '制造商', '生产者', '制造单位', '生产厂商', '受检单位'],
    en: ['Manufacturer Name', 'Manufactured by', 'Name of Manufacturer'],
    enStrict: ['Manufacturer', 'Producer', 'Factory'],
  },
  standards: {
    zh: ['检验依据', '检测依据', '判定依据', '依据标准', '检验标准', '检测标准', '检验检测依据'],
    en: ['Test Standards', 'Test Standard', 'Test Specifications', 'Test Specification', 'Test Methods', 'Test Method', 'Testing Standards', 'Standards Applied', 'Applicable Standards'],
    enStrict: ['Standards', 'Standard'],
  },
  conclusion: {
    zh: ['检验结论', '检测结论', '判定结论', '综合判定'],
    zhStrict: ['结论'],
    en: ['Test Conclusion', 'Overall Result', 'Overall Verdict'],
    enStrict: ['Conclusion', 'Verdict'],
  },
  issueDate: {
    zh: ['签发日期', '批准日期', '发证日期', '报告日期', '颁证日期', '出具日期', '签发时间', '换证日期', '鉴定日期'],
    en: ['Date of Issue', 'Issue Date', 'Date Issued', 'Issued on', 'Report Date', 'Date of Report', 'Date of Approval'],
    enStrict: ['Date'],
  },
  sampleReceivedDate: {
    zh: ['收样日期', '接样日期', '到样日期', '收样时间', '接样时间', '送样日期', '样品接收日期'],
    en: ['Sample Received', 'Date of Receipt', 'Date Received', 'Sample Receipt Date', 'Received Date', 'Date of Sample Receipt', 'Receiving Date'],
  },
  validUntil: {
    zh: ['有效期至', '有效日期至', '证书有效期至', '有效期截止', '有效期'],
    en: ['Valid Until', 'Valid Till', 'Valid to', 'Expiry Date', 'Expiration Date', 'Date of Expiry', 'Expires on'],
    enStrict: ['Expiry', 'Validity'],
  },
  certificateHolder: {
    zh: ['获证组织', '证书持有人', '持证人', '认证委托人', '组织名称', '获证组织名称'],
    en: ['Certificate Holder', 'Name of Organization', 'Name of Organisation'],
    enStrict: ['Organization', 'Organisation', 'Holder'],
  },
  certificationScope: {
    zh: ['认证覆盖范围', '认证范围', '覆盖范围', '审核范围'],
    en: ['Scope of Certification', 'Certification Scope', 'Scope of Registration', 'Scope of Supply'],
    enStrict: ['Scope'],
  },
  caratWeight: {
    zh: ['克拉重量', '钻石质量', '总质量', '重量'],
    zhStrict: ['质量'],
    en: ['Carat Weight'],
    enStrict: ['Weight'],
  },
  gemIdentification: {
    zh: ['鉴定结果', '鉴定结论', '鉴定名称'],
    en: [],
    enStrict: ['Identification', 'Species'],
  },
} as const satisfies Record<LabelledField, LabelSpec>;

/** Labels printed on the same documents that carry no field: they end the value before them. */
export const OTHER_LABELS: LabelSpec = {
  zh: [
    '检验类别', '检测类别', '样品数量', '样品等级', '商标', '地址', '电话', '传真', '邮编', '检验项目', '检测项目',
    '主检', '审核', '批准', '签发人', '备注', '抽样基数', '抽样地点', '样品状态', '生产日期', '批号', '检验地点',
    '颜色', '净度', '切工', '形状', '测量', '尺寸', '荧光', '折射率', '密度', '放大检查', '比重', '标准编号', '标准名称',
    '检验结果', '单项判定', '检验日期', '检测日期', '序号', '技术要求', '注册号', '资质认定编号', '认证标准', '初次发证日期', '网址',
  ],
  en: [
    'Test Type', 'Type of Test', 'Sample Quantity', 'Quantity', 'Trade Mark', 'Trademark', 'Address', 'Tel', 'Fax', 'Test Items',
    'Tested by', 'Checked by', 'Approved by', 'Reviewed by', 'Remarks', 'Sample Condition', 'Date of Production', 'Batch No.',
    'Color Grade', 'Colour Grade', 'Clarity Grade', 'Cut Grade', 'Shape and Cutting Style', 'Shape', 'Measurements',
    'Fluorescence', 'Polish', 'Symmetry', 'Comments', 'Test Date', 'Testing Period', 'Date of Test', 'Initial Certification',
    'Original Approval', 'Page', 'Website', 'E-mail', 'Audit Standard',
  ],
};

/** One compiled label: the field it introduces, the pattern, and whether it needs a colon. */
export interface CompiledLabel {
  field: LabelledField | null;
  label: string;
  pattern: RegExp;
  strict: boolean;
  /** Characters of the printed label; longer labels win an overlap. */
  weight: number;
}

const HAN = /\p{Script=Han}/u;
const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** OCR-tolerant pattern source for one label. */
const labelSource = (label: string): string => {
  const chars = [...label];
  const parts = chars.map((ch, i) => {
    const last = i === chars.length - 1;
    if (HAN.test(ch)) return escape(ch) + (last ? '' : '\\s*');
    if (ch === ' ') return '\\s*';
    if (ch === '.') return '\\.?';
    if (ch === '/') return '\\s*/\\s*';
    if (ch === '#') return '#';
    if (/[oO]/.test(ch)) return '[oO0]';
    if (ch === 'l') return '[lI1]';
    if (ch === 'I') return '[Il1]';
    return escape(ch);
  });
  const body = parts.join('');
  const first = chars[0] ?? '';
  const head = /[A-Za-z]/.test(first) ? '(?<![A-Za-z])' : '';
  const lastChar = chars[chars.length - 1] ?? '';
  const tail = /[A-Za-z]/.test(lastChar) ? '(?![A-Za-z])' : '';
  return head + body + tail;
};

const compile = (field: LabelledField | null, spec: LabelSpec): CompiledLabel[] => {
  const make = (label: string, strict: boolean): CompiledLabel => ({
    field,
    label,
    pattern: new RegExp(labelSource(label), 'giu'),
    strict,
    weight: [...label.replace(/\s+/g, '')].length,
  });
  return [
    ...spec.zh.map((l) => make(l, false)),
    ...spec.en.map((l) => make(l, false)),
    ...(spec.enStrict ?? []).map((l) => make(l, true)),
    ...(spec.zhStrict ?? []).map((l) => make(l, true)),
  ];
};

/** Every label, longest first. */
export const COMPILED_LABELS: readonly CompiledLabel[] = [
  ...Object.entries(FIELD_LABELS).flatMap(([field, spec]) => compile(field as LabelledField, spec)),
  ...compile(null, OTHER_LABELS),
].sort((a, b) => b.weight - a.weight);

/** One regular expression for all labels, one capture group per label, longest first. */
const COMBINED = new RegExp(COMPILED_LABELS.map((l) => `(${l.pattern.source})`).join('|'), 'giu');

/** A label found in a line of text. */
export interface LabelMatch {
  field: LabelledField | null;
  label: string;
  /** Index of the label's first character. */
  start: number;
  /** Index after the label and its separator (colon and spaces). */
  end: number;
  hasColon: boolean;
  /** A generic label (enStrict/zhStrict). */
  strict: boolean;
  /** A dotted leader, not a colon, separates label and value (OCR often reads the dots as letters). */
  leader: boolean;
}

/** A colon, or a dotted leader ("Carat Weight ........ 1.02 carat"), counts as the separator. */
const SEPARATOR = /^\s*([:：;；]|(?:[.…·_]\s*){2,})?\s*/u;

/**
 * Finds the labels in one line of (NFKC-normalised) text, without overlaps,
 * in order. A strict label counts only when a colon follows it or when
 * nothing but a colon follows it in the line.
 */
export const findLabels = (text: string): LabelMatch[] => {
  const found: LabelMatch[] = [];
  const re = new RegExp(COMBINED.source, COMBINED.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    // The alternatives are sorted longest first: the first group that took part is the longest label here.
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const label = COMPILED_LABELS[group - 1];
    if (!label || m[0].length === 0) {
      re.lastIndex = start + 1;
      continue;
    }
    const afterLabel = start + m[0].length;
    const sep = SEPARATOR.exec(text.slice(afterLabel));
    const hasColon = sep?.[1] !== undefined;
    const end = afterLabel + (sep?.[0].length ?? 0);
    if (label.strict) {
      const standsAlone = end >= text.length;
      // After a Chinese label too: OCR glues "型号Model: DL-12" (a bilingual label) together.
      const atSegmentStart = start === 0 || /[|\s\p{Script=Han}]$/u.test(text.slice(0, start));
      // A generic English word opening a line ("Client Sunny Path Ltd.") is a label too: OCR merges table rows.
      const opensLine = start === 0 && /^[A-Za-z]/.test(label.label) && /^\s+\S/u.test(text.slice(afterLabel));
      if (!(hasColon && atSegmentStart) && !(standsAlone && atSegmentStart && start < 2) && !opensLine) {
        re.lastIndex = start + 1;
        continue;
      }
    }
    const leader = /[.…·_]\s*[.…·_]/u.test(sep?.[1] ?? '');
    found.push({ field: label.field, label: label.label, start, end, hasColon, strict: label.strict, leader });
    re.lastIndex = Math.max(afterLabel, start + 1);
  }
  return found;
};

/** The field a whole key (from an engine's key–value pairs) stands for, if any. */
export const fieldOfKey = (key: string): LabelledField | null | undefined => {
  const trimmed = key.replace(/[\s:：;；]+$/u, '').trim();
  const matches = findLabels(trimmed);
  const first = matches[0];
  if (!first || first.start > 1) return undefined;
  // "报告编号 Report No." is one key; take the field of its first label.
  return first.field;
};
