import { normaliseNumber, normaliseText } from '#shared/domain/normalise.ts';
import type { Check } from './check.ts';
import { reads, ReportNumberEvidence, results, says, type SummaryCopy } from './check.ts';
import { reportNumberReading, resolveIssuer } from './context.ts';
import { isOcrSource } from './reading-policy.ts';
import { safeRegex } from '#shared/domain/safe-regex.ts';

const name = 'report-number-pattern';
const r = results(name);

export const ReportNumberPatternCodes = {
  MATCHES_PATTERN: 'MATCHES_PATTERN',
  OFF_PATTERN: 'OFF_PATTERN',
  OFF_PATTERN_OCR_AMBIGUOUS: 'OFF_PATTERN_OCR_AMBIGUOUS',
  /** Off-pattern, but the number was not read cleanly (reading-policy.ts). */
  OFF_PATTERN_UNCERTAIN_READ: 'OFF_PATTERN_UNCERTAIN_READ',
} as const;
const Codes = ReportNumberPatternCodes;

const LETTER_TO_DIGIT: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', I: '1', L: '1', '|': '1', S: '5', B: '8', Z: '2', G: '6' };
const DIGIT_TO_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B', '2': 'Z', '6': 'G' };
const mapChars = (s: string, table: Readonly<Record<string, string>>) => Array.from(s, (c) => table[c] ?? c).join('');

/** Readings OCR could have confused with the printed number: all letters as digits, all digits as letters, a letter prefix kept. */
export const ocrReadings = (n: string): string[] => {
  const prefix = /^[A-Z]*/.exec(n)?.[0] ?? '';
  return [mapChars(n, LETTER_TO_DIGIT), mapChars(n, DIGIT_TO_LETTER), prefix + mapChars(n.slice(prefix.length), LETTER_TO_DIGIT)];
};


/**
 * The report number fits one of the issuer's reportNumberPatterns in full
 * (as printed, or without spaces and upper-cased). Off-pattern is a FAIL;
 * when the number was read by OCR and a reading with confusable characters
 * swapped (O/0, I/1, S/5, B/8 …) fits, it is a WARN.
 */
export const reportNumberPattern: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) =>
    ctx.fields.reportNumber !== undefined && (resolveIssuer(ctx)?.issuer.reportNumberPatterns ?? []).length > 0,
  run: (ctx) => {
    const issuer = resolveIssuer(ctx)?.issuer;
    const reportNumber = ctx.fields.reportNumber?.value ?? '';
    const patterns = issuer?.reportNumberPatterns ?? [];
    const compiled = patterns.flatMap((p) => {
      const re = safeRegex(`^(?:${p})$`);
      return re ? [{ pattern: p, re }] : [];
    });
    if (compiled.length === 0) throw new Error('none of the registered report number patterns compiles');
    const readings = [normaliseText(reportNumber), normaliseNumber(reportNumber)];
    const hit = compiled.find((c) => readings.some((n) => c.re.test(n)));
    if (hit) {
      return r.pass(Codes.MATCHES_PATTERN, `The report number fits the issuer's pattern ${hit.pattern}.`, { reportNumber, pattern: hit.pattern });
    }
    const evidence = { reportNumber, issuerId: issuer?.issuerId, patterns };
    if (isOcrSource(ctx.textSource)) {
      const ocr = ocrReadings(normaliseNumber(reportNumber)).find((n) => compiled.some((c) => c.re.test(n)));
      if (ocr !== undefined) {
        return r.warn(
          Codes.OFF_PATTERN_OCR_AMBIGUOUS,
          `The report number as read does not fit the issuer's patterns, but the reading ${ocr} does; OCR may have confused characters.`,
          { ...evidence, ocrReading: ocr },
        );
      }
    }
    const reading = reportNumberReading(ctx);
    if (reading.outcome !== 'hard') {
      return r.warn(
        Codes.OFF_PATTERN_UNCERTAIN_READ,
        `The report number as read (${reportNumber}) does not fit the issuer's patterns, but it was not read cleanly: possibly a misreading.`,
        { ...evidence, uncertain: reading.reason, otherReadings: reading.conflicting },
      );
    }
    return r.fail(Codes.OFF_PATTERN, `The report number ${reportNumber} does not fit any of ${issuer?.issuerId}'s numbering patterns.`, evidence);
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const ReportNumberPatternCopy: SummaryCopy = {
  [Codes.OFF_PATTERN]: reads(ReportNumberEvidence, (e) => ({
    en: `report number ${e.reportNumber} does not follow the issuer's numbering`,
    zh: `报告编号${e.reportNumber}不符合该机构的编号规则`,
  })),
  [Codes.OFF_PATTERN_UNCERTAIN_READ]: reads(ReportNumberEvidence, (e) => ({
    en: `report number ${e.reportNumber} as read does not follow the issuer's numbering, but it was not read cleanly`,
    zh: `识别出的报告编号${e.reportNumber}不符合编号规则，但识别结果不确定`,
  })),
  [Codes.OFF_PATTERN_OCR_AMBIGUOUS]: says("the report number as read does not follow the issuer's numbering", '识别出的报告编号不符合该机构的编号规则'),
};
