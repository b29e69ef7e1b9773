import type { RegisteredReport } from '#shared/domain/report.ts';
import type { Check } from './check.ts';
import { z } from 'zod';
import { reads, ReportNumberEvidence, results, RunCheckCodes, says, type SummaryCopy } from './check.ts';
import { registrationsForNumber, reportNumberReading, resolveIssuer } from './context.ts';

const name = 'report-registered';
const r = results(name);

export const ReportRegisteredCodes = {
  REGISTERED_VALID: 'REGISTERED_VALID',
  /** The issuer suspended the report (reversible): a WARN, the report must not be relied on for now. */
  SUSPENDED: 'SUSPENDED',
  WITHDRAWN: 'WITHDRAWN',
  REVOKED: 'REVOKED',
  SUPERSEDED: 'SUPERSEDED',
  NOT_REGISTERED: 'NOT_REGISTERED',
  UNREGISTERED_UNVERIFIABLE: 'UNREGISTERED_UNVERIFIABLE',
  REGISTERED_TO_OTHER_ISSUER: 'REGISTERED_TO_OTHER_ISSUER',
  AMBIGUOUS_REGISTRATION: 'AMBIGUOUS_REGISTRATION',
  /** Not registered, but the number was not read cleanly (reading-policy.ts): maybe a misreading. */
  NOT_REGISTERED_UNCERTAIN_READ: 'NOT_REGISTERED_UNCERTAIN_READ',
} as const;
const Codes = ReportRegisteredCodes;

const registrationEvidence = (report: RegisteredReport) => {
  const last = report.history.at(-1);
  return {
    issuerId: report.issuerId,
    reportNumber: report.reportNumber,
    status: report.status,
    ...(last ? { lastChange: { status: last.status, reason: last.reason, at: last.at } } : {}),
  };
};

/**
 * The report is registered by its issuer and VALID.
 * - WITHDRAWN / REVOKED / SUPERSEDED → FAIL, one code each;
 * - not registered by an issuer that registers all its reports → FAIL NOT_REGISTERED,
 *   or WARN NOT_REGISTERED_UNCERTAIN_READ when the number was not read cleanly;
 * - not registered by another issuer → WARN UNREGISTERED_UNVERIFIABLE
 *   (REGISTERED_TO_OTHER_ISSUER when the number is some other issuer's);
 * - unknown issuer: the one registration under the number is used
 *   (resolveIssuer), several → WARN AMBIGUOUS_REGISTRATION, none → unverifiable.
 */
export const reportRegistered: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => ctx.fields.reportNumber !== undefined,
  run: (ctx) => {
    const reportNumber = ctx.fields.reportNumber?.value ?? '';
    const regs = registrationsForNumber(ctx);
    const issuer = resolveIssuer(ctx)?.issuer;
    if (!issuer) {
      return regs.length > 1
        ? r.warn(Codes.AMBIGUOUS_REGISTRATION, `Several issuers registered ${reportNumber} and the document does not say which issued it.`, {
            reportNumber,
            registeredBy: regs.map((x) => x.issuerId),
          })
        : r.warn(Codes.UNREGISTERED_UNVERIFIABLE, `${reportNumber} is not registered and the issuer is unknown.`, { reportNumber });
    }
    const report = regs.find((x) => x.issuerId === issuer.issuerId);
    if (!report) {
      const others = regs.map((x) => x.issuerId);
      const evidence = { reportNumber, issuerId: issuer.issuerId, registersAllReports: issuer.registersAllReports === true, registeredBy: others };
      if (issuer.registersAllReports === true) {
        const reading = reportNumberReading(ctx);
        if (reading.outcome !== 'hard') {
          return r.warn(
            Codes.NOT_REGISTERED_UNCERTAIN_READ,
            `${reportNumber} is not registered by ${issuer.issuerId}, but the number was not read cleanly: possibly a misreading.`,
            { ...evidence, uncertain: reading.reason, otherReadings: reading.conflicting },
          );
        }
        return r.fail(Codes.NOT_REGISTERED, `${issuer.issuerId} registers every report it issues, and ${reportNumber} is not among them.`, evidence);
      }
      if (others.length > 0) {
        return r.warn(Codes.REGISTERED_TO_OTHER_ISSUER, `${reportNumber} is not registered by ${issuer.issuerId} but by ${others.join(', ')}.`, evidence);
      }
      return r.warn(Codes.UNREGISTERED_UNVERIFIABLE, `${issuer.issuerId} does not register all its reports; ${reportNumber} cannot be looked up.`, evidence);
    }
    const evidence = registrationEvidence(report);
    switch (report.status) {
      case 'VALID':
        return r.pass(Codes.REGISTERED_VALID, `${reportNumber} is registered by ${report.issuerId} and valid.`, evidence);
      case 'SUSPENDED':
        return r.warn(Codes.SUSPENDED, `${reportNumber} is suspended by ${report.issuerId}.`, evidence);
      case 'WITHDRAWN':
        return r.fail(Codes.WITHDRAWN, `${reportNumber} was withdrawn by ${report.issuerId}.`, evidence);
      case 'REVOKED':
        return r.fail(Codes.REVOKED, `${reportNumber} was revoked by ${report.issuerId}.`, evidence);
      case 'SUPERSEDED':
        return r.fail(Codes.SUPERSEDED, `${reportNumber} was superseded by a newer report of ${report.issuerId}.`, evidence);
    }
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

/** What the copy reads of a result that names the issuer the number was looked up under. */
const RegistrationEvidence = ReportNumberEvidence.extend({ issuerId: z.string() });

export const ReportRegisteredCopy: SummaryCopy = {
  [Codes.NOT_REGISTERED]: reads(RegistrationEvidence, (e) => ({
    en: `report number ${e.reportNumber} is not registered, although ${e.issuerId} registers every report it issues`,
    zh: `报告编号${e.reportNumber}未登记，而${e.issuerId}登记其出具的全部报告`,
  })),
  [Codes.REVOKED]: reads(ReportNumberEvidence, (e) => ({ en: `the issuer revoked report ${e.reportNumber}`, zh: `出具机构已撤销报告${e.reportNumber}` })),
  [Codes.WITHDRAWN]: reads(ReportNumberEvidence, (e) => ({ en: `the issuer withdrew report ${e.reportNumber}`, zh: `出具机构已撤回报告${e.reportNumber}` })),
  [Codes.SUPERSEDED]: reads(ReportNumberEvidence, (e) => ({
    en: `report ${e.reportNumber} was superseded by a newer report`,
    zh: `报告${e.reportNumber}已被新报告替代`,
  })),
  [Codes.NOT_REGISTERED_UNCERTAIN_READ]: reads(ReportNumberEvidence, (e) => ({
    en: `report number ${e.reportNumber} as read is not registered, but it was not read cleanly`,
    zh: `识别出的报告编号${e.reportNumber}未登记，但识别结果不确定`,
  })),
  [Codes.REGISTERED_TO_OTHER_ISSUER]: reads(ReportNumberEvidence, (e) => ({
    en: `report number ${e.reportNumber} is registered by another issuer`,
    zh: `报告编号${e.reportNumber}由其他机构登记`,
  })),
  [Codes.UNREGISTERED_UNVERIFIABLE]: reads(ReportNumberEvidence, (e) => ({
    en: `report ${e.reportNumber} is not registered and the issuer does not register all its reports`,
    zh: `报告${e.reportNumber}未登记，且该机构并不登记全部报告`,
  })),
  [Codes.AMBIGUOUS_REGISTRATION]: reads(ReportNumberEvidence, (e) => ({
    en: `several issuers registered report number ${e.reportNumber}`,
    zh: `多个机构登记了报告编号${e.reportNumber}`,
  })),
  [RunCheckCodes.NOT_APPLICABLE]: says('no report number could be read', '未能读取报告编号'),
  [Codes.REGISTERED_VALID]: reads(RegistrationEvidence, (e) => ({
    en: `report ${e.reportNumber} is registered by ${e.issuerId} and valid`,
    zh: `报告${e.reportNumber}已由${e.issuerId}登记且有效`,
  })),
};
