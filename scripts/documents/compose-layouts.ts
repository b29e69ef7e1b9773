/**
 * The further inspection-report layouts of issue 8, each in English and
 * Chinese: `grid` (several label–value pairs on one line, English labels
 * without colons), `prose` (the fields written as sentences), `cover-results`
 * (a cover page, then results pages with the number on every page and the
 * conclusion on the last), `bilingual` (报告编号 Report No.).
 */
import { A4, addQr, colon, conclusionText, header, L, Page, type Printed, signatures, wrap } from './compose.ts';
import { measure } from './fonts.ts';
import type { DocumentDescription } from './types.ts';

const GRID_LABELS = {
  en: { reportNumber: 'Test Report No.', productName: 'Product', model: 'Model', client: 'Applicant', manufacturer: 'Manufacturer', sampleReceivedDate: 'Sample Received', issueDate: 'Date of Report', standards: 'Test Standards', conclusion: 'Conclusion' },
  zh: { reportNumber: '报告编号', productName: '产品名称', model: '规格型号', client: '委\u3000托\u3000方', manufacturer: '生产厂家', sampleReceivedDate: '收样日期', issueDate: '报告日期', standards: '检验依据', conclusion: '检验结论' },
} as const;

/** Pairs on one line, each pair one small gap after the one before (so a text layer joins them into one line). */
const pairsLine = (page: Page, y: number, pairs: [string, string][], size: number, lang: 'en' | 'zh'): void => {
  let x = 60;
  for (const [label, value] of pairs) {
    const sep = lang === 'zh' ? '：' : ' ';
    x += page.text(x, y, `${label}${sep}`, size, { bold: lang === 'en' });
    x += lang === 'en' ? measure(' ', size) : 0;
    x += page.text(x, y, value, size) + size * 1.2;
  }
};

const grid = (doc: DocumentDescription, printed: Printed): Page[] => {
  const f = doc.fields;
  const lang = doc.language;
  const t = GRID_LABELS[lang];
  const page = new Page();
  header(page, doc, printed);
  page.text(A4.width / 2, 170, L[lang].reportTitle, 24, { bold: true, align: 'center' });
  const size = lang === 'zh' ? 11 : 10.5;
  let y = 220;
  const row = (pairs: [string, string | undefined][]) => {
    const present = pairs.filter((p): p is [string, string] => p[1] !== undefined);
    if (present.length === 0) return;
    pairsLine(page, y, present, size, lang);
    y += 30;
  };
  row([[t.reportNumber, printed.text('reportNumber', f.reportNumber)]]);
  row([
    [t.productName, f.productName && printed.text('productName', f.productName)],
    [t.model, f.model && printed.text('model', f.model)],
  ]);
  row([
    [t.client, f.client && printed.text('client', f.client)],
    [t.manufacturer, f.manufacturer && printed.text('manufacturer', f.manufacturer)],
  ]);
  row([
    [t.sampleReceivedDate, f.sampleReceivedDate && printed.date('sampleReceivedDate', f.sampleReceivedDate)],
    [t.issueDate, f.issueDate && printed.date('issueDate', f.issueDate)],
  ]);
  if (f.standards?.length) row([[t.standards, printed.standards(f.standards).join(lang === 'zh' ? '、' : '; ')]]);
  const conclusion = conclusionText(doc, printed);
  if (conclusion) row([[t.conclusion, conclusion]]);
  signatures(page, doc, y + 40);
  if (doc.seal) page.seal(A4.width - 150, y + 90, L[lang].seal);
  addQr(page, doc, printed, 60, y + 80);
  return [page];
};

/** Wrapped paragraph lines from x to the right margin. */
const paragraph = (page: Page, x: number, y: number, text: string, size: number): number => {
  const lines = wrap(text, A4.width - 60 - x, size);
  lines.forEach((l, i) => page.text(x, y + i * size * 1.6, l, size));
  return y + lines.length * size * 1.6;
};

const prose = (doc: DocumentDescription, printed: Printed): Page[] => {
  const f = doc.fields;
  const page = new Page();
  header(page, doc, printed);
  const zh = doc.language === 'zh';
  page.text(A4.width / 2, 170, L[doc.language].reportTitle, 24, { bold: true, align: 'center' });
  const size = 11;
  let y = 230;
  const number = printed.text('reportNumber', f.reportNumber);
  const client = f.client ? printed.text('client', f.client) : '';
  const product = f.productName ? printed.text('productName', f.productName) : '';
  const model = f.model ? printed.text('model', f.model) : '';
  const maker = f.manufacturer ? printed.text('manufacturer', f.manufacturer) : '';
  const received = f.sampleReceivedDate ? printed.date('sampleReceivedDate', f.sampleReceivedDate) : '';
  const issued = f.issueDate ? printed.date('issueDate', f.issueDate) : '';
  const standards = f.standards?.length ? printed.standards(f.standards) : [];
  const conclusion = conclusionText(doc, printed) ?? '';
  if (zh) {
    y = paragraph(page, 70, y, `受${client}委托，我中心对其送检的${product}（型号：${model}）进行检验。该样品由${maker}生产，于${received}收样。`, size) + 12;
    y = paragraph(page, 70, y, `检验依据：${standards.join('、')}。检验结论：${conclusion}。`, size) + 12;
    y = paragraph(page, 70, y, `本报告（报告编号：${number}）由${doc.issuer.name}于${issued}签发。`, size) + 12;
  } else {
    page.text(A4.width - 60, 200, `Test Report No. ${number}`, 11, { align: 'right' });
    y = paragraph(page, 70, y, `This report was issued to ${client} for the sample ${product}, model ${model}, manufactured by ${maker}. The sample was received on ${received} and tested according to ${standards.join(', ')}.`, size) + 12;
    y = paragraph(page, 70, y, `Conclusion: ${conclusion}`, size) + 12;
    y = paragraph(page, 70, y, `Issued on ${issued} by ${doc.issuer.name}.`, size) + 12;
  }
  signatures(page, doc, y + 40);
  if (doc.seal) page.seal(A4.width - 150, y + 90, L[doc.language].seal);
  addQr(page, doc, printed, 60, y + 80);
  return [page];
};

const COVER_LABELS = {
  en: { reportNumber: 'Report Number', productName: 'Sample Description', model: 'Model No.', client: 'Client', manufacturer: 'Manufacturer', sampleReceivedDate: 'Date of Receipt', issueDate: 'Issued on', standards: 'Test Standards', conclusion: 'Overall Result', page: (n: number, of: number) => `Page ${n} of ${of}` },
  zh: { reportNumber: '报告编号', productName: '产品名称', model: '型号', client: '委托方', manufacturer: '制造商', sampleReceivedDate: '接样日期', issueDate: '批准日期', standards: '检验依据', conclusion: '检验结论', page: (n: number, of: number) => `第 ${n} 页 共 ${of} 页` },
} as const;

const coverResults = (doc: DocumentDescription, printed: Printed): Page[] => {
  const f = doc.fields;
  const lang = doc.language;
  const t = COVER_LABELS[lang];
  const c = colon(lang);
  const pages = [new Page(), new Page(), new Page()];
  const [cover, results, last] = pages as [Page, Page, Page];
  header(cover, doc, printed);
  cover.text(A4.width / 2, 220, L[lang].reportTitle, 30, { bold: true, align: 'center' });
  cover.text(A4.width / 2, 270, `${t.reportNumber}${c}${printed.text('reportNumber', f.reportNumber)}`, 14, { align: 'center' });
  let y = 340;
  const line = (page: Page, label: string, value: string | undefined) => {
    if (value === undefined) return;
    page.text(90, y, `${label}${c}`, 12);
    page.text(230, y, value, 12);
    y += 30;
  };
  line(cover, t.productName, f.productName && printed.text('productName', f.productName));
  line(cover, t.client, f.client && printed.text('client', f.client));
  cover.text(A4.width / 2, 720, doc.issuer.name, 13, { align: 'center' });
  addQr(cover, doc, printed, A4.width - 132, 730);
  pages.forEach((p, i) => {
    if (i === 0) return;
    p.text(50, 60, `${t.reportNumber}${c}${f.reportNumber}`, 10);
    p.text(A4.width - 50, 60, t.page(i + 1, pages.length), 10, { align: 'right' });
    p.line(50, 70, A4.width - 50, 70, 1);
  });
  y = 120;
  line(results, t.model, f.model && printed.text('model', f.model));
  line(results, t.manufacturer, f.manufacturer && printed.text('manufacturer', f.manufacturer));
  line(results, t.sampleReceivedDate, f.sampleReceivedDate && printed.date('sampleReceivedDate', f.sampleReceivedDate));
  if (f.standards?.length) line(results, t.standards, printed.standards(f.standards).join(lang === 'zh' ? '、' : ', '));
  y += 20;
  results.text(90, y, lang === 'zh' ? '序号\u3000检验项目\u3000技术要求\u3000检验结果\u3000单项判定' : 'No.   Test Item   Requirement   Result   Verdict', 10);
  for (let i = 1; i <= 4; i++) results.text(90, y + i * 22, lang === 'zh' ? `${i}\u3000项目${i}\u3000符合标准\u3000符合\u3000合格` : `${i}   Item ${i}   See standard   Meets   P`, 10);
  y = 120;
  line(last, t.conclusion, conclusionText(doc, printed));
  line(last, t.issueDate, f.issueDate && printed.date('issueDate', f.issueDate));
  signatures(last, doc, y + 40);
  if (doc.seal) last.seal(A4.width - 150, y + 90, L[lang].seal);
  return pages;
};

const BILINGUAL = {
  reportNumber: '报告编号 Report No.', productName: '样品名称 Sample Name', model: '规格型号 Model', client: '委托单位 Client',
  manufacturer: '生产单位 Manufacturer', sampleReceivedDate: '收样日期 Date Received', issueDate: '签发日期 Date of Issue', standards: '检验依据 Standards', conclusion: '检验结论 Conclusion',
} as const;

const bilingual = (doc: DocumentDescription, printed: Printed): Page[] => {
  const f = doc.fields;
  const page = new Page();
  header(page, doc, printed);
  page.text(A4.width / 2, 165, '检验报告 TEST REPORT', 22, { bold: true, align: 'center' });
  let y = 215;
  const row = (label: string, value: string | undefined) => {
    if (value === undefined) return;
    page.text(60, y, `${label}：`, 10.5);
    page.text(250, y, value, 10.5);
    y += 26;
  };
  row(BILINGUAL.reportNumber, printed.text('reportNumber', f.reportNumber));
  row(BILINGUAL.productName, f.productName && printed.text('productName', f.productName));
  row(BILINGUAL.model, f.model && printed.text('model', f.model));
  row(BILINGUAL.client, f.client && printed.text('client', f.client));
  row(BILINGUAL.manufacturer, f.manufacturer && printed.text('manufacturer', f.manufacturer));
  row(BILINGUAL.sampleReceivedDate, f.sampleReceivedDate && printed.date('sampleReceivedDate', f.sampleReceivedDate));
  row(BILINGUAL.issueDate, f.issueDate && printed.date('issueDate', f.issueDate));
  if (f.standards?.length) row(BILINGUAL.standards, printed.standards(f.standards).join(', '));
  row(BILINGUAL.conclusion, conclusionText(doc, printed));
  signatures(page, doc, y + 40);
  if (doc.seal) page.seal(A4.width - 150, y + 90, L[doc.language].seal);
  addQr(page, doc, printed, 60, y + 80);
  return [page];
};

/** The inspection-report layouts beyond `cover` and `table`. */
export const inspectionLayout = (doc: DocumentDescription, printed: Printed): Page[] => {
  switch (doc.layout) {
    case 'grid':
      return grid(doc, printed);
    case 'prose':
      return prose(doc, printed);
    case 'cover-results':
      return coverResults(doc, printed);
    case 'bilingual':
      return bilingual(doc, printed);
    default:
      throw new Error(`no inspection layout ${String(doc.layout)}`);
  }
};
