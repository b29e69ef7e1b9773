import { foldName, normaliseIssuerName, normaliseNumber, normaliseText } from '#shared/domain/normalise.ts';
import type { RegisteredReport } from '#shared/domain/report.ts';
import type { FieldName } from '#shared/domain/verification.ts';
import type { Check } from './check.ts';
import { z } from 'zod';
import { type Phrase, reads, ReportNumberEvidence, results, says, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { sealsOf, selectRegisteredReport } from './context.ts';
import { registeredAtAnyLabel, registeredAtPlace } from '#shared/fields/confirm-registered.ts';
import { underSeal } from '#shared/fields/seals.ts';
import { isOcrSource, judgeFieldReading, type ReadingReason } from './reading-policy.ts';
import { editDistance, skeleton } from './text-match.ts';

const name = 'fields-match';
const r = results(name);

export const FieldsMatchCodes = {
  MATCH: 'MATCH',
  FIELDS_DIFFER: 'FIELDS_DIFFER',
  /** Only uncertain readings differ (see reading-policy.ts: OCR below OCR_CONFIDENT or one character off, not read at a label, the registered value printed at another label): maybe a forgery, maybe a misread. */
  FIELDS_DIFFER_UNCERTAIN_READ: 'FIELDS_DIFFER_UNCERTAIN_READ',
  NO_PRINTED_FIELDS: 'NO_PRINTED_FIELDS',
} as const;


const HAN = /\p{Script=Han}/u;

/**
 * How an OCR reading that differs from the registration is held. Tesseract
 * misreads single Chinese characters (东莞 → 东欧) far more often than a
 * forger edits one character of a company name, while one character of a
 * product name can be the forgery (充电器 → 充电宝):
 * - an organisation name one character off a long registered one is
 *   tolerated (a match, noted in the evidence);
 * - a Chinese text one character off is uncertain (a warning);
 * - everything else, and every Latin model number or code, is a difference.
 */
const ocrDifference = (how: Comparison, printed: unknown, registered: unknown): 'tolerated' | 'uncertain' | 'differs' => {
  // A conclusion read as neither PASS nor FAIL (a seal over 不合格 read "不合榜…") is a misreading, not a verdict.
  if (how === 'conclusion') return ['PASS', 'FAIL'].includes(normaliseConclusion(String(printed))) ? 'differs' : 'uncertain';
  if ((how !== 'organisation' && how !== 'text') || typeof printed !== 'string' || typeof registered !== 'string') return 'differs';
  const a = how === 'organisation' ? normaliseIssuerName(printed) : foldName(printed);
  const b = how === 'organisation' ? normaliseIssuerName(registered) : foldName(registered);
  if (!HAN.test(a + b)) return 'differs';
  const shorter = Math.min(Array.from(a).length, Array.from(b).length);
  const distance = editDistance(a, b);
  if (how === 'organisation' && shorter >= 6 && distance <= 1) return 'tolerated';
  return shorter >= 5 && distance <= Math.max(1, Math.floor(shorter / 10)) ? 'uncertain' : 'differs';
};
const Codes = FieldsMatchCodes;

type Comparison = 'text' | 'organisation' | 'date' | 'standards' | 'conclusion' | 'number';

/**
 * The printed fields compared with the registration, and how. Not compared:
 * reportNumber (the lookup key itself), issuerName and accreditationNumbers
 * (the issuer checks), qr (qr-code), and documentType (our parser's
 * classification, not a printed value).
 */
const COMPARED_FIELDS = {
  productName: 'text',
  model: 'text',
  client: 'organisation',
  manufacturer: 'organisation',
  standards: 'standards',
  conclusion: 'conclusion',
  issueDate: 'date',
  sampleReceivedDate: 'date',
  validUntil: 'date',
  certificateHolder: 'organisation',
  certificationScope: 'text',
  caratWeight: 'number',
  gemIdentification: 'text',
} as const satisfies Partial<Record<FieldName, Comparison>>;
type ComparedField = keyof typeof COMPARED_FIELDS;

/** Numbers match within max(0.005, 0.1 %): carat weights are stated to the hundredth. */
export const numbersMatch = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(0.005, Math.abs(b) * 0.001) + 1e-9;

/** PASS / FAIL from 合格/不合格, 符合/不符合, PASS/FAIL, Conforms/Does not conform …; other text folded. */
export const normaliseConclusion = (s: string): string => {
  const t = foldName(s);
  if (/不合格|不符合|未通过|不通过|fail|nonconform|notconform|notcompl|notpass|reject/.test(t)) return 'FAIL';
  if (/合格|符合|通过|pass|conform|compl|satisf/.test(t)) return 'PASS';
  return t;
};

const standardKey = (s: string) => normaliseNumber(s);

const toNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /-?\d+(?:\.\d+)?/.exec(normaliseText(v));
  return m ? Number(m[0]) : undefined;
};

const registeredValue = (report: RegisteredReport, field: ComparedField): unknown => {
  switch (field) {
    case 'productName':
    case 'model':
    case 'client':
    case 'manufacturer':
    case 'standards':
    case 'conclusion':
    case 'issueDate':
    case 'validUntil':
      return report[field] ?? report.fields?.[field];
    default:
      return report.fields?.[field];
  }
};

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [String(v)]);

/** Whether a printed value equals the registered one; `ocr` also forgives look-alike characters OCR confuses. */
const same = (how: Comparison, printed: unknown, registered: unknown, ocr: boolean): boolean => {
  const loose = (a: string, b: string) => a === b || (ocr && skeleton(a) === skeleton(b));
  switch (how) {
    case 'text':
      return loose(foldName(String(printed)), foldName(String(registered)));
    case 'organisation':
      return loose(normaliseIssuerName(String(printed)), normaliseIssuerName(String(registered)));
    case 'date':
      return normaliseText(String(printed)) === normaliseText(String(registered));
    case 'conclusion':
      return loose(normaliseConclusion(String(printed)), normaliseConclusion(String(registered)));
    case 'number': {
      const a = toNumber(printed);
      const b = toNumber(registered);
      return a !== undefined && b !== undefined && numbersMatch(a, b);
    }
    case 'standards': {
      // Every printed standard must be registered; a standard the print leaves out (or OCR missed) is no forgery.
      const reg = new Set(asStrings(registered).map(standardKey));
      return asStrings(printed).every((s) => reg.has(standardKey(s)));
    }
  }
};

const isOcr = (ctx: CheckContext) => isOcrSource(ctx.textSource);

/**
 * Every printed field equals the registered record, including the free-form
 * `fields` map (e.g. caratWeight): text after foldName (width, case,
 * punctuation, spacing), organisations after normaliseIssuerName (legal
 * suffix too), dates exactly, standards as sets (printed ⊆ registered),
 * conclusions as PASS/FAIL, numbers within a tolerance. A field that is not
 * printed, or not registered, is not a mismatch. The evidence of a FAIL is
 * the field-level diff `[{ field, printed, registered }]`.
 */
export const fieldsMatch: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => selectRegisteredReport(ctx) !== undefined,
  run: (ctx) => {
    const report = selectRegisteredReport(ctx);
    if (!report) throw new Error('applies() guarantees a registered report');
    const compared: ComparedField[] = [];
    const diff: Array<{ field: ComparedField; printed: unknown; registered: unknown; uncertain?: ReadingReason }> = [];
    const tolerated: Array<{ field: ComparedField; printed: unknown; registered: unknown }> = [];
    const confirmed: ComparedField[] = [];
    let hard = false;
    const pages = ctx.pages ?? [];
    const seals = isOcr(ctx) ? sealsOf(ctx) : [];
    for (const [field, how] of Object.entries(COMPARED_FIELDS) as Array<[ComparedField, Comparison]>) {
      const printed = ctx.fields[field];
      const registered = registeredValue(report, field);
      if (printed === undefined || registered === undefined) continue;
      compared.push(field);
      if (same(how, printed.value, registered, isOcr(ctx))) continue;
      // Registry-guided confirmation, then the reading rule of reading-policy.ts.
      const judged = judgeFieldReading({
        textSource: ctx.textSource,
        confidence: printed.confidence,
        registeredAtPlace: ctx.textSource === 'fields' ? undefined : registeredAtPlace(pages, field, printed.source, registered),
        registeredElsewhere: ctx.textSource !== 'fields' && registeredAtAnyLabel(pages, field, registered),
        lookalike: isOcr(ctx) ? ocrDifference(how, printed.value, registered) : 'differs',
        underSeal: isOcr(ctx) && underSeal(seals, printed.source.page, printed.source.box),
      });
      if (judged.outcome === 'match') {
        if (judged.reason === 'OCR_LOOKALIKE_TOLERATED') tolerated.push({ field, printed: printed.value, registered });
        else confirmed.push(field);
        continue;
      }
      if (judged.outcome === 'hard') hard = true;
      diff.push({ field, printed: printed.value, registered, ...(judged.outcome === 'uncertain' ? { uncertain: judged.reason } : {}) });
    }
    if (compared.length === 0) {
      return r.skipped(Codes.NO_PRINTED_FIELDS, `No printed field besides the number can be compared with the registration of ${report.reportNumber}.`, {
        issuerId: report.issuerId,
        reportNumber: report.reportNumber,
      });
    }
    if (diff.length > 0) {
      const verb = diff.length === 1 ? 'differs' : 'differ';
      const message = `Printed ${diff.map((d) => d.field).join(', ')} ${verb} from the registered record`;
      if (!hard) return r.warn(Codes.FIELDS_DIFFER_UNCERTAIN_READ, `${message}, but the reading is uncertain: possibly a misreading.`, diff);
      return r.fail(Codes.FIELDS_DIFFER, `${message}.`, diff);
    }
    return r.pass(Codes.MATCH, `Every printed field (${compared.join(', ')}) matches the registered record.`, {
      compared,
      ...(tolerated.length > 0 ? { ocrMisreadsTolerated: tolerated } : {}),
      ...(confirmed.length > 0 ? { confirmedAtPlace: confirmed } : {}),
    });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

const FIELD_LABELS: Readonly<Record<string, Phrase>> = {
  productName: { en: 'product name', zh: '产品名称' },
  model: { en: 'model', zh: '型号规格' },
  client: { en: 'client', zh: '委托单位' },
  manufacturer: { en: 'manufacturer', zh: '生产单位' },
  standards: { en: 'standards', zh: '检验依据' },
  conclusion: { en: 'conclusion', zh: '检验结论' },
  issueDate: { en: 'issue date', zh: '签发日期' },
  sampleReceivedDate: { en: 'sample received date', zh: '收样日期' },
  validUntil: { en: 'valid-until date', zh: '有效期' },
  certificateHolder: { en: 'certificate holder', zh: '证书持有人' },
  certificationScope: { en: 'certification scope', zh: '认证范围' },
  caratWeight: { en: 'carat weight', zh: '克拉重量' },
  gemIdentification: { en: 'identification', zh: '鉴定结果' },
};

/** The evidence of FIELDS_DIFFER and FIELDS_DIFFER_UNCERTAIN_READ: the field-level diff. */
const DiffEvidence = z.array(z.object({ field: z.string() }));

/** "product name, conclusion differ" / "产品名称、检验结论". */
const differing = (diff: z.infer<typeof DiffEvidence>): Phrase => {
  const labels = diff.map(({ field }) => FIELD_LABELS[field] ?? { en: field, zh: field });
  return { en: `${labels.map((l) => l.en).join(', ')} ${labels.length === 1 ? 'differs' : 'differ'}`, zh: labels.map((l) => l.zh).join('、') };
};

export const FieldsMatchCopy: SummaryCopy = {
  [Codes.FIELDS_DIFFER]: reads(DiffEvidence, (diff) => {
    const f = differing(diff);
    return { en: `the printed ${f.en} from the issuer's registered record`, zh: `印刷的${f.zh}与出具机构的登记记录不一致` };
  }),
  [Codes.FIELDS_DIFFER_UNCERTAIN_READ]: reads(DiffEvidence, (diff) => {
    const f = differing(diff);
    return { en: `the ${f.en} as read from the registered record, but the reading is uncertain`, zh: `识别出的${f.zh}与登记记录不一致，但识别结果不确定` };
  }),
  [Codes.NO_PRINTED_FIELDS]: reads(ReportNumberEvidence, (e) => ({
    en: `report ${e.reportNumber} is registered, but no printed field besides the number could be compared`,
    zh: `报告${e.reportNumber}已登记，但除编号外没有可比对的字段`,
  })),
  [Codes.MATCH]: says('every printed field matches the registration', '所有印刷字段与登记记录一致'),
};
