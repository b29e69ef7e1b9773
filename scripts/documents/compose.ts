/**
 * Turns a document description into its page layout: positioned text runs,
 * ruling lines, marks, a QR code and a seal. One template per kind and layout.
 * The layout also records what it printed, normalised: the ground truth.
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { DocumentType } from '#shared/domain/report.ts';
import { inspectionLayout } from './compose-layouts.ts';
import { measure } from './fonts.ts';
import type { DateStyle, DocumentDescription, DocumentLayout, GroundTruth, LayoutItem, PageLayout } from './types.ts';

export const A4 = { width: 595.28, height: 841.89 } as const;
const INK = '#111111';
const SEAL_RED = '#d42a2a';

type Align = 'left' | 'center' | 'right';

export class Page implements PageLayout {
  readonly width = A4.width;
  readonly height = A4.height;
  readonly items: LayoutItem[] = [];

  /** A run of text with its baseline at y; returns its width. */
  text(x: number, y: number, text: string, size: number, opts: { bold?: boolean; align?: Align; color?: string } = {}): number {
    const width = measure(text, size, opts.bold);
    const left = opts.align === 'center' ? x - width / 2 : opts.align === 'right' ? x - width : x;
    this.items.push({ type: 'text', x: left, y, text, size, bold: opts.bold, color: opts.color ?? INK });
    return width;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.8): void {
    this.items.push({ type: 'line', x1, y1, x2, y2, width, color: INK });
  }

  rect(x: number, y: number, w: number, h: number, width = 1, color = INK): void {
    this.items.push({ type: 'rect', x, y, w, h, width, color });
  }

  /** An opaque filled box (a white-out covers what was drawn before it). */
  fill(x: number, y: number, w: number, h: number, color = '#ffffff'): void {
    this.items.push({ type: 'fill', x, y, w, h, color });
  }

  qr(x: number, y: number, size: number, payload: string): void {
    this.items.push({ type: 'qr', x, y, size, payload });
  }

  seal(cx: number, cy: number, caption: string): void {
    this.items.push({ type: 'circle', cx, cy, r: 46, width: 2.4, color: SEAL_RED });
    this.items.push({ type: 'circle', cx, cy, r: 42, width: 0.8, color: SEAL_RED });
    this.text(cx, cy + 4, '★', 16, { align: 'center', color: SEAL_RED });
    this.text(cx, cy + 26, caption, 7, { align: 'center', color: SEAL_RED });
  }
}

const HAN = /\p{Script=Han}/u;

/** Breaks text into lines no wider than `width`: at spaces for Latin text, anywhere for Chinese. */
export const wrap = (text: string, width: number, size: number, bold = false): string[] => {
  const lines: string[] = [];
  const tokens = text.match(/\p{Script=Han}[，。、；：）]?|[^\s\p{Script=Han}]+\s*|\s+/gu) ?? [];
  let current = '';
  for (const token of tokens) {
    const candidate = current + token;
    if (current.trim().length > 0 && measure(candidate.trimEnd(), size, bold) > width) {
      lines.push(current.trimEnd());
      current = token.trimStart();
    } else {
      current = candidate;
    }
  }
  if (current.trim().length > 0) lines.push(current.trimEnd());
  return lines;
};

/** Joins wrapped lines back the way the parser does: no space between Chinese characters. */
export const joinWrapped = (lines: string[]): string =>
  lines.reduce((acc, l) => (acc === '' ? l : HAN.test(acc.slice(-1)) && HAN.test(l.slice(0, 1)) ? acc + l : `${acc} ${l}`), '');

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The printed form of a date and the ISO value a reader can recover from it (none when ambiguous). */
export const formatDate = (value: string, style: DateStyle): { text: string; iso?: string } => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = new Date(`${value}T00:00:00Z`).getTime();
  const real = m !== null && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  if (!m || !real) return { text: value };
  const [y, mo, d] = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
  const month = MONTHS[Number(mo) - 1] ?? mo;
  switch (style) {
    case 'iso':
      return { text: value, iso: value };
    case 'dot':
      return { text: `${y}.${mo}.${d}`, iso: value };
    case 'zh':
      return { text: `${y}年${Number(mo)}月${Number(d)}日`, iso: value };
    case 'en-dmy':
      return { text: `${Number(d)} ${month} ${y}`, iso: value };
    case 'en-mdy':
      return { text: `${month} ${Number(d)}, ${y}`, iso: value };
    case 'slash':
      return { text: `${y}/${mo}/${d}`, iso: value };
    case 'en-dmy-short':
      return { text: `${Number(d)} ${month.slice(0, 3)} ${y}`, iso: value };
    case 'dmy-dot':
      return { text: `${d}.${mo}.${y}`, iso: value };
    case 'us': {
      const ambiguous = Number(d) <= 12 && d !== mo;
      return ambiguous ? { text: `${mo}/${d}/${y}` } : { text: `${mo}/${d}/${y}`, iso: value };
    }
  }
};

const DOCUMENT_TYPES: Record<DocumentDescription['kind'], DocumentType> = {
  'inspection-report': 'INSPECTION_REPORT',
  'system-certificate': 'CERTIFICATE',
  'gem-report': 'GEM_REPORT',
};

/** Records printed values, normalised as the API reports them. */
export class Printed {
  readonly truth: Partial<GroundTruth> = {};
  constructor(private readonly doc: DocumentDescription) {}

  text<K extends 'reportNumber' | 'issuerName' | 'productName' | 'model' | 'client' | 'manufacturer' | 'certificateHolder' | 'certificationScope' | 'gemIdentification' | 'conclusion'>(
    field: K,
    value: string,
  ): string {
    this.truth[field] = normaliseText(value);
    return value;
  }

  date(field: 'issueDate' | 'sampleReceivedDate' | 'validUntil', value: string): string {
    const { text, iso } = formatDate(value, this.doc.dateStyle ?? (this.doc.language === 'zh' ? 'zh' : 'en-dmy'));
    if (iso) this.truth[field] = iso;
    return text;
  }

  standards(codes: string[]): string[] {
    this.truth.standards = codes.map((c) => normaliseText(c));
    return codes;
  }
}

export const L = {
  en: {
    reportTitle: 'TEST REPORT', reportNumber: 'Report No.', productName: 'Sample Name', model: 'Model/Type', client: 'Client',
    manufacturer: 'Manufacturer', standards: 'Test Standards', conclusion: 'Conclusion', issueDate: 'Date of Issue',
    sampleReceivedDate: 'Sample Received', validUntil: 'Valid Until', issuer: 'Testing Laboratory', testType: 'Test Type',
    testTypeValue: 'Commissioned test', approved: 'Approved by', checked: 'Checked by', tested: 'Tested by', seal: 'TEST SEAL',
  },
  zh: {
    reportTitle: '检 验 检 测 报 告', reportNumber: '报告编号', productName: '样品名称', model: '规格型号', client: '委托单位',
    manufacturer: '生产单位', standards: '检验依据', conclusion: '检验结论', issueDate: '签发日期',
    sampleReceivedDate: '收样日期', validUntil: '有效期至', issuer: '检验检测机构', testType: '检验类别',
    testTypeValue: '委托检验', approved: '批准', checked: '审核', tested: '主检', seal: '检验检测专用章',
  },
} as const;

export const colon = (lang: 'en' | 'zh'): string => (lang === 'zh' ? '：' : ': ');

/** Letterhead and accreditation marks at the top of a page. */
export const header = (page: Page, doc: DocumentDescription, printed: Printed): void => {
  page.text(50, 62, printed.text('issuerName', doc.issuer.name), doc.language === 'zh' ? 15 : 14, { bold: true });
  let y = 78;
  if (doc.issuer.nameEn) {
    page.text(50, y, doc.issuer.nameEn, 8.5);
    y += 13;
  }
  if (doc.issuer.address) page.text(50, y, doc.issuer.address, 8);
  let right = A4.width - 50;
  const printedMarks: GroundTruth['accreditationNumbers'] = [];
  for (const acc of [...doc.issuer.accreditations].reverse()) {
    if (acc.scheme === 'CNCA') {
      page.text(right, 106, acc.number, 8.5, { align: 'right' });
      printedMarks.unshift(acc);
      continue;
    }
    const label = acc.scheme === 'OTHER' ? '' : acc.scheme;
    const caption = acc.scheme === 'CMA' ? acc.number : `${label} ${acc.number}`.trim();
    const w = Math.max(62, measure(caption, 8.5) + 6);
    page.rect(right - w, 42, w, 34, 1.2);
    page.text(right - w / 2, 66, label || 'MARK', 15, { bold: true, align: 'center' });
    page.text(right - w / 2, 90, caption, 8.5, { align: 'center' });
    printedMarks.unshift(acc);
    right -= w + 12;
  }
  if (printedMarks.length > 0) printed.truth.accreditationNumbers = printedMarks;
  page.line(50, 116, A4.width - 50, 116, 1.2);
};

export const addQr = (page: Page, doc: DocumentDescription, printed: Printed, x: number, y: number, size = 72): void => {
  if (!doc.qr) return;
  page.qr(x, y, size, doc.qr);
  let host: string | undefined;
  try {
    host = new URL(doc.qr).host || undefined;
  } catch {
    host = undefined;
  }
  printed.truth.qr = host ? { payload: doc.qr, host } : { payload: doc.qr };
};

/** "Label: value" rows with the values in one column; values that do not fit wrap under themselves. */
export const labelValueRows = (
  page: Page,
  rows: { label: string; value: string | string[]; below?: boolean }[],
  opts: { x: number; valueX: number; y: number; size: number; gap: number; lang: 'en' | 'zh'; right?: number },
): number => {
  let y = opts.y;
  const right = opts.right ?? A4.width - 60;
  for (const row of rows) {
    page.text(opts.x, y, `${row.label}${opts.lang === 'zh' ? '：' : ':'}`, opts.size);
    const values = Array.isArray(row.value) ? row.value : [row.value];
    if (row.below) y += opts.gap;
    const lines = values.flatMap((v) => wrap(v, right - opts.valueX, opts.size));
    lines.forEach((l, i) => {
      page.text(opts.valueX, y, l, opts.size);
      if (i < lines.length - 1) y += opts.size * 1.45;
    });
    y += opts.gap;
  }
  return y;
};

export const inspectionRows = (doc: DocumentDescription, printed: Printed) => {
  const f = doc.fields;
  const t = L[doc.language];
  const rows: { label: string; value: string | string[]; below?: boolean; wide?: boolean }[] = [];
  if (f.productName) rows.push({ label: t.productName, value: printed.text('productName', f.productName) });
  if (f.model) rows.push({ label: t.model, value: printed.text('model', f.model) });
  if (f.client) rows.push({ label: t.client, value: printed.text('client', f.client), wide: true });
  if (f.manufacturer) rows.push({ label: t.manufacturer, value: printed.text('manufacturer', f.manufacturer), wide: true });
  return rows;
};

export const conclusionText = (doc: DocumentDescription, printed: Printed): string | undefined =>
  doc.fields.conclusion === undefined ? undefined : printed.text('conclusion', doc.fields.conclusion);

export const signatures = (page: Page, doc: DocumentDescription, y: number): void => {
  const t = L[doc.language];
  const c = colon(doc.language);
  page.text(60, y, `${t.approved}${c}`, 10);
  page.text(230, y, `${t.checked}${c}`, 10);
  page.text(400, y, `${t.tested}${c}`, 10);
};

const inspectionCover = (doc: DocumentDescription, printed: Printed): Page[] => {
  const t = L[doc.language];
  const f = doc.fields;
  const c = colon(doc.language);
  const zh = doc.language === 'zh';
  const cover = new Page();
  header(cover, doc, printed);
  cover.text(A4.width / 2, 200, t.reportTitle, 30, { bold: true, align: 'center' });
  cover.text(A4.width / 2, 240, `${t.reportNumber}${c}${printed.text('reportNumber', f.reportNumber)}`, 13, { align: 'center' });
  const rows: { label: string; value: string | string[]; below?: boolean }[] = inspectionRows(doc, printed);
  rows.push({ label: t.testType, value: t.testTypeValue });
  for (const e of f.extra ?? []) rows.push({ label: e.label, value: e.value });
  const details: { label: string; value: string | string[]; below?: boolean }[] = [];
  if (f.sampleReceivedDate) details.push({ label: t.sampleReceivedDate, value: printed.date('sampleReceivedDate', f.sampleReceivedDate) });
  if (f.issueDate) details.push({ label: t.issueDate, value: printed.date('issueDate', f.issueDate) });
  if (f.validUntil) details.push({ label: t.validUntil, value: printed.date('validUntil', f.validUntil) });
  if (f.standards?.length) details.push({ label: t.standards, value: printed.standards(f.standards), below: !zh });
  const conclusion = conclusionText(doc, printed);
  if (conclusion) details.push({ label: t.conclusion, value: conclusion, below: true });

  if (!zh) {
    // English: one cover page with everything.
    const y = labelValueRows(cover, [...rows, ...details], { x: 80, valueX: 210, y: 310, size: 11.5, gap: 24, lang: 'en' });
    signatures(cover, doc, Math.max(y + 30, 700));
    addQr(cover, doc, printed, A4.width - 132, 730);
    return [cover];
  }
  // Chinese: the cover names the sample and the parties; page 2 carries dates, standards and the conclusion.
  labelValueRows(cover, rows, { x: 110, valueX: 220, y: 330, size: 14, gap: 34, lang: 'zh' });
  cover.text(A4.width / 2, 700, doc.issuer.name, 14, { align: 'center' });
  if (doc.seal) cover.seal(A4.width / 2 + 40, 690, t.seal);
  addQr(cover, doc, printed, A4.width - 132, 740);
  const second = new Page();
  second.text(50, 60, `${t.reportNumber}${c}${f.reportNumber}`, 10);
  second.text(A4.width - 50, 60, '第 2 页 共 2 页', 10, { align: 'right' });
  second.line(50, 70, A4.width - 50, 70, 1);
  const y = labelValueRows(second, details, { x: 70, valueX: 170, y: 110, size: 12, gap: 30, lang: 'zh' });
  signatures(second, doc, y + 40);
  if (doc.seal) second.seal(A4.width - 140, y + 20, t.seal);
  return [cover, second];
};

export interface Cell {
  text: string | string[];
  span?: number;
}

/** A ruled table: rows of label/value cells; each row as high as its tallest cell. */
export const table = (page: Page, rows: Cell[][], opts: { x: number; y: number; widths: number[]; size: number }): number => {
  const lineHeight = opts.size * 1.5;
  const total = opts.widths.reduce((a, b) => a + b, 0);
  let y = opts.y;
  page.line(opts.x, y, opts.x + total, y);
  for (const row of rows) {
    let col = 0;
    const placed = row.map((cell) => {
      const span = cell.span ?? 1;
      const width = opts.widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      const x = opts.x + opts.widths.slice(0, col).reduce((a, b) => a + b, 0);
      col += span;
      const texts = Array.isArray(cell.text) ? cell.text : [cell.text];
      const lines = texts.flatMap((t) => wrap(t, width - 12, opts.size));
      return { x, width, lines };
    });
    const height = Math.max(...placed.map((p) => p.lines.length)) * lineHeight + 12;
    for (const p of placed) {
      p.lines.forEach((l, i) => page.text(p.x + 6, y + 6 + opts.size + i * lineHeight, l, opts.size));
      page.line(p.x, y, p.x, y + height);
    }
    page.line(opts.x + total, y, opts.x + total, y + height);
    y += height;
    page.line(opts.x, y, opts.x + total, y);
  }
  return y;
};

const inspectionTable = (doc: DocumentDescription, printed: Printed): Page[] => {
  const t = L[doc.language];
  const f = doc.fields;
  const c = colon(doc.language);
  const page = new Page();
  header(page, doc, printed);
  page.text(A4.width / 2, 160, t.reportTitle, 24, { bold: true, align: 'center' });
  page.text(A4.width - 50, 190, `${t.reportNumber}${c}${printed.text('reportNumber', f.reportNumber)}`, 11, { align: 'right' });
  const rows: Cell[][] = [];
  const pairs = inspectionRows(doc, printed);
  const narrow = pairs.filter((p) => !p.wide);
  for (let i = 0; i < narrow.length; i += 2) {
    const a = narrow[i];
    const b = narrow[i + 1];
    if (!a) break;
    rows.push(b ? [{ text: a.label }, { text: a.value }, { text: b.label }, { text: b.value }] : [{ text: a.label }, { text: a.value, span: 3 }]);
  }
  for (const p of pairs.filter((q) => q.wide)) rows.push([{ text: p.label }, { text: p.value, span: 3 }]);
  const received = f.sampleReceivedDate ? printed.date('sampleReceivedDate', f.sampleReceivedDate) : undefined;
  const issued = f.issueDate ? printed.date('issueDate', f.issueDate) : undefined;
  if (received && issued) {
    rows.push([{ text: t.sampleReceivedDate }, { text: received }, { text: t.issueDate }, { text: issued }]);
  } else if (received) {
    rows.push([{ text: t.sampleReceivedDate }, { text: received, span: 3 }]);
  } else if (issued) {
    rows.push([{ text: t.issueDate }, { text: issued, span: 3 }]);
  }
  if (f.validUntil) rows.push([{ text: t.validUntil }, { text: printed.date('validUntil', f.validUntil), span: 3 }]);
  rows.push([{ text: t.testType }, { text: t.testTypeValue, span: 3 }]);
  for (const e of f.extra ?? []) rows.push([{ text: e.label }, { text: e.value, span: 3 }]);
  if (f.standards?.length) rows.push([{ text: t.standards }, { text: printed.standards(f.standards), span: 3 }]);
  const conclusion = conclusionText(doc, printed);
  if (conclusion) rows.push([{ text: t.conclusion }, { text: conclusion, span: 3 }]);
  rows.push([{ text: t.issuer }, { text: doc.issuer.name, span: 3 }]);
  const y = table(page, rows, { x: 50, y: 210, widths: [112, 143, 95, 145.28], size: 10.5 });
  signatures(page, doc, y + 40);
  if (doc.seal) page.seal(A4.width - 150, y + 90, t.seal);
  addQr(page, doc, printed, 50, y + 70);
  return [page];
};

const certificate = (doc: DocumentDescription, printed: Printed): Page[] => {
  const f = doc.fields;
  const zh = doc.language === 'zh';
  const page = new Page();
  header(page, doc, printed);
  const mid = A4.width / 2;
  page.rect(36, 30, A4.width - 72, A4.height - 60, 2);
  page.text(mid, 180, zh ? '质量管理体系认证证书' : 'CERTIFICATE', zh ? 28 : 34, { bold: true, align: 'center' });
  if (!zh) page.text(mid, 206, 'Quality Management System', 14, { align: 'center' });
  page.text(mid, 236, `${zh ? '证书编号' : 'Certificate No.'}${colon(doc.language)}${printed.text('reportNumber', f.reportNumber)}`, 12, { align: 'center' });
  let y = 290;
  if (zh) {
    page.text(90, y, '兹证明', 13);
    y += 34;
  } else {
    page.text(mid, y, 'This is to certify that the Quality Management System of', 12, { align: 'center' });
    y += 32;
  }
  if (f.certificateHolder) page.text(mid, y, printed.text('certificateHolder', f.certificateHolder), 16, { bold: true, align: 'center' });
  y += 40;
  const standards = f.standards?.length ? printed.standards(f.standards) : [];
  if (zh) {
    page.text(90, y, '建立的质量管理体系符合标准：', 12);
    y += 26;
    page.text(mid, y, standards.join(' / '), 13, { bold: true, align: 'center' });
    y += 44;
    if (f.certificationScope) {
      page.text(90, y, '认证范围：', 12);
      const lines = wrap(f.certificationScope, A4.width - 180 - 90, 12);
      printed.text('certificationScope', joinWrapped(lines));
      lines.forEach((l, i) => page.text(150, y + i * 19, l, 12));
      y += lines.length * 19 + 40;
    }
  } else {
    page.text(mid, y, 'has been assessed and found to conform to the requirements of', 12, { align: 'center' });
    y += 30;
    page.text(mid, y, standards.join(' / '), 15, { bold: true, align: 'center' });
    y += 36;
    if (f.certificationScope) {
      page.text(mid, y, 'for the following scope:', 12, { align: 'center' });
      y += 26;
      const lines = wrap(f.certificationScope, A4.width - 200, 12);
      printed.text('certificationScope', joinWrapped(lines));
      lines.forEach((l, i) => page.text(mid, y + i * 18, l, 12, { align: 'center' }));
      y += lines.length * 18 + 44;
    }
  }
  const c = colon(doc.language);
  const dates: string[] = [];
  if (f.issueDate) dates.push(`${zh ? '发证日期' : 'Date of Issue'}${c}${printed.date('issueDate', f.issueDate)}`);
  if (f.validUntil) dates.push(`${zh ? '有效期至' : 'Valid Until'}${c}${printed.date('validUntil', f.validUntil)}`);
  for (const e of f.extra ?? []) dates.push(`${e.label}${c}${e.value}`);
  dates.forEach((d, i) => page.text(90, y + i * 24, d, 12));
  y += dates.length * 24 + 30;
  page.text(mid, Math.max(y, 700), zh ? '本证书信息可在国家认证认可监督管理委员会官方网站查询' : 'The validity of this certificate can be verified online.', 9, { align: 'center' });
  if (doc.seal) page.seal(A4.width - 170, 720, zh ? '认证专用章' : 'SEAL');
  addQr(page, doc, printed, 60, 716, 66);
  return [page];
};

const gemReport = (doc: DocumentDescription, printed: Printed): Page[] => {
  const f = doc.fields;
  const zh = doc.language === 'zh';
  const page = new Page();
  header(page, doc, printed);
  page.text(A4.width / 2, 160, zh ? '珠 宝 玉 石 鉴 定 证 书' : 'GEM IDENTIFICATION REPORT', zh ? 24 : 22, { bold: true, align: 'center' });
  const rows: { label: string; value: string }[] = [];
  const weight = f.caratWeight === undefined ? undefined : f.caratWeight.toFixed(f.caratWeight * 100 === Math.round(f.caratWeight * 100) ? 2 : 3);
  if (f.caratWeight !== undefined) printed.truth.caratWeight = f.caratWeight;
  if (zh) {
    rows.push({ label: '证书编号', value: printed.text('reportNumber', f.reportNumber) });
    if (f.gemIdentification) rows.push({ label: '鉴定结果', value: printed.text('gemIdentification', f.gemIdentification) });
    if (weight) rows.push({ label: '质量', value: `${weight}克拉` });
    for (const e of f.extra ?? []) rows.push(e);
    if (f.standards?.length) rows.push({ label: '检验依据', value: printed.standards(f.standards).join('、') });
    if (f.issueDate) rows.push({ label: '签发日期', value: printed.date('issueDate', f.issueDate) });
    labelValueRows(page, rows, { x: 80, valueX: 180, y: 230, size: 13, gap: 32, lang: 'zh', right: 400 });
    addQr(page, doc, printed, A4.width - 170, 600, 96);
    if (doc.seal) page.seal(A4.width - 150, 640, '鉴定专用章');
    return [page];
  }
  // GIA-like: a column of "Label ........ value" rows.
  if (f.issueDate) rows.push({ label: 'Date', value: printed.date('issueDate', f.issueDate) });
  rows.push({ label: 'Report Number', value: printed.text('reportNumber', f.reportNumber) });
  for (const e of f.extra ?? []) rows.push(e);
  if (weight) rows.push({ label: 'Carat Weight', value: `${weight} carat` });
  if (f.gemIdentification) rows.push({ label: 'Identification', value: printed.text('gemIdentification', f.gemIdentification) });
  const x = 60;
  const end = 330;
  const size = 10.5;
  rows.forEach((r, i) => {
    const y = 220 + i * 24;
    const lw = page.text(x, y, r.label, size);
    const vw = page.text(end, y, r.value, size, { align: 'right', bold: true });
    const dotsWidth = end - vw - (x + lw) - 12;
    const dot = measure('.', size);
    if (dotsWidth > dot * 3) page.text(x + lw + 6, y, '.'.repeat(Math.floor(dotsWidth / dot)), size);
  });
  addQr(page, doc, printed, 60, 640, 88);
  page.line(50, 220 + rows.length * 24 + 10, A4.width - 50, 220 + rows.length * 24 + 10, 0.6);
  return [page];
};

/**
 * A white-out edit: the first text run that prints `printed` gets the original
 * text drawn first at the same place, then an opaque white box over it, then
 * the printed (forged) text on top, as an editor's white-out tool does.
 */
const whiteOut = (pages: Page[], edit: NonNullable<DocumentDescription['whiteOut']>): void => {
  for (const page of pages) {
    const i = page.items.findIndex((it) => it.type === 'text' && it.text.includes(edit.printed));
    const item = page.items[i];
    if (!item || item.type !== 'text') continue;
    const original = item.text.replace(edit.printed, edit.original);
    const width = Math.max(measure(original, item.size, item.bold), measure(item.text, item.size, item.bold));
    page.items.splice(
      i,
      0,
      { ...item, text: original },
      { type: 'fill', x: item.x - 1, y: item.y - item.size * 1.05, w: width + 2, h: item.size * 1.4, color: '#ffffff' },
    );
    return;
  }
  throw new Error(`white-out: no text run prints ${edit.printed}`);
};

/** The page layout of a document and what it printed (the ground truth). */
export const composeDocument = (doc: DocumentDescription): DocumentLayout => {
  const printed = new Printed(doc);
  printed.truth.documentType = DOCUMENT_TYPES[doc.kind];
  let pages: Page[];
  switch (doc.kind) {
    case 'inspection-report':
      pages = (doc.layout ?? 'cover') === 'table' ? inspectionTable(doc, printed) : (doc.layout ?? 'cover') === 'cover' ? inspectionCover(doc, printed) : inspectionLayout(doc, printed);
      break;
    case 'system-certificate':
      pages = certificate(doc, printed);
      break;
    case 'gem-report':
      pages = gemReport(doc, printed);
      break;
  }
  if (doc.whiteOut) whiteOut(pages, doc.whiteOut);
  return { pages, printed: { ...printed.truth, ...doc.truth } };
};
