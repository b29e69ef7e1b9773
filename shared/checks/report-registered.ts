import type { RegisteredReport } from '#shared/domain/report.ts';
import type { Check } from './check.ts';
import { results } from './check.ts';
import { registrationsForNumber, reportNumberReading, resolveIssuer } from './context.ts';

const name = 'report-registered';
const r = results(name);

export const ReportRegisteredCodes = {
  REGISTERED_VALID: 'REGISTERED_VALID',
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
      case 'WITHDRAWN':
        return r.fail(Codes.WITHDRAWN, `${reportNumber} was withdrawn by ${report.issuerId}.`, evidence);
      case 'REVOKED':
        return r.fail(Codes.REVOKED, `${reportNumber} was revoked by ${report.issuerId}.`, evidence);
      case 'SUPERSEDED':
        return r.fail(Codes.SUPERSEDED, `${reportNumber} was superseded by a newer report of ${report.issuerId}.`, evidence);
    }
  },
};
