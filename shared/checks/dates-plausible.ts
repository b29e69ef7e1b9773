import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import { addDays, isoDay } from './text-match.ts';

const name = 'dates-plausible';
const r = results(name);

export const DatesPlausibleCodes = {
  PLAUSIBLE: 'PLAUSIBLE',
  FUTURE_DATE: 'FUTURE_DATE',
  RECEIVED_AFTER_ISSUE: 'RECEIVED_AFTER_ISSUE',
  VALID_UNTIL_BEFORE_ISSUE: 'VALID_UNTIL_BEFORE_ISSUE',
} as const;
const Codes = DatesPlausibleCodes;

/**
 * Printed dates are possible: no issue or sample-received date in the future
 * (one day of grace: a report issued this morning in China is dated
 * "tomorrow" in UTC), the sample received on or before the issue date, and
 * validUntil on or after it. Each impossibility is a FAIL; the first found
 * gives the code, the evidence lists them all.
 */
export const datesPlausible: Check = {
  name,
  needs: [],
  applies: (ctx) => ctx.fields.issueDate !== undefined || ctx.fields.sampleReceivedDate !== undefined || ctx.fields.validUntil !== undefined,
  run: (ctx) => {
    const issueDate = ctx.fields.issueDate?.value;
    const sampleReceivedDate = ctx.fields.sampleReceivedDate?.value;
    const validUntil = ctx.fields.validUntil?.value;
    const latestPossible = addDays(isoDay(ctx.now), 1);
    const problems: Array<{ code: string; message: string }> = [];
    for (const [field, day] of [['issueDate', issueDate], ['sampleReceivedDate', sampleReceivedDate]] as const) {
      if (day !== undefined && day > latestPossible) problems.push({ code: Codes.FUTURE_DATE, message: `${field} ${day} is in the future.` });
    }
    if (sampleReceivedDate !== undefined && issueDate !== undefined && sampleReceivedDate > issueDate) {
      problems.push({ code: Codes.RECEIVED_AFTER_ISSUE, message: `The sample was received on ${sampleReceivedDate}, after the issue date ${issueDate}.` });
    }
    if (validUntil !== undefined && issueDate !== undefined && validUntil < issueDate) {
      problems.push({ code: Codes.VALID_UNTIL_BEFORE_ISSUE, message: `validUntil ${validUntil} is before the issue date ${issueDate}.` });
    }
    const dates = {
      issueDate: issueDate ?? null,
      sampleReceivedDate: sampleReceivedDate ?? null,
      validUntil: validUntil ?? null,
      today: isoDay(ctx.now),
    };
    const [first] = problems;
    if (!first) return r.pass(Codes.PLAUSIBLE, 'The printed dates are plausible.', dates);
    return r.fail(first.code, problems.map((p) => p.message).join(' '), { ...dates, problems: problems.map((p) => p.code) });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const DatesPlausibleCopy: SummaryCopy = {
  [Codes.FUTURE_DATE]: says('a printed date lies in the future', '印刷日期晚于今天'),
  [Codes.RECEIVED_AFTER_ISSUE]: says('the sample was received after the issue date', '收样日期晚于签发日期'),
  [Codes.VALID_UNTIL_BEFORE_ISSUE]: says('the validity ends before the issue date', '有效期截止日早于签发日期'),
};
