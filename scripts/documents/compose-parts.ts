/**
 * The pieces the document templates share: the label dictionaries, the
 * letterhead, the QR code, label–value rows and the signature line.
 */
import { measure } from './fonts.ts';
import { A4, type Page, wrap } from './compose-page.ts';
import type { Printed } from './compose-printed.ts';
import type { DocumentDescription, GroundTruth } from './types.ts';

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
