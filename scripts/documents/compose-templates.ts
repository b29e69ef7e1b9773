/**
 * One template per document kind and layout: the inspection report's cover
 * and table layouts, the system certificate and the gem report (the further
 * inspection-report layouts are in compose-layouts.ts).
 */
import { measure } from './fonts.ts';
import { A4, type Cell, joinWrapped, Page, table, wrap } from './compose-page.ts';
import { addQr, colon, conclusionText, header, inspectionRows, L, labelValueRows, signatures } from './compose-parts.ts';
import type { Printed } from './compose-printed.ts';
import type { DocumentDescription } from './types.ts';

export const inspectionCover = (doc: DocumentDescription, printed: Printed): Page[] => {
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


export const inspectionTable = (doc: DocumentDescription, printed: Printed): Page[] => {
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

export const certificate = (doc: DocumentDescription, printed: Printed): Page[] => {
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

export const gemReport = (doc: DocumentDescription, printed: Printed): Page[] => {
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

