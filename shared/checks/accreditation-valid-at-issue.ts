import type { Accreditation } from '#shared/domain/issuer.ts';
import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { printedAccreditations, resolveIssuer, sameAccreditationNumber, selectRegisteredReport } from './context.ts';

const name = 'accreditation-valid-at-issue';
const r = results(name);

export const AccreditationValidAtIssueCodes = {
  ACTIVE_AT_ISSUE: 'ACTIVE_AT_ISSUE',
  NO_ACCREDITATION_CLAIMED: 'NO_ACCREDITATION_CLAIMED',
  NOT_YET_VALID_AT_ISSUE: 'NOT_YET_VALID_AT_ISSUE',
  EXPIRED_AT_ISSUE: 'EXPIRED_AT_ISSUE',
  SUSPENDED_AT_ISSUE: 'SUSPENDED_AT_ISSUE',
  WITHDRAWN_AT_ISSUE: 'WITHDRAWN_AT_ISSUE',
  STATUS_AT_ISSUE_UNKNOWN: 'STATUS_AT_ISSUE_UNKNOWN',
  NO_ACCREDITATION_ON_RECORD: 'NO_ACCREDITATION_ON_RECORD',
} as const;
const Codes = AccreditationValidAtIssueCodes;

type StatusOnDay = 'ACTIVE' | 'SUSPENDED' | 'WITHDRAWN' | 'EXPIRED' | 'NOT_YET_VALID' | 'UNKNOWN';

/**
 * The status of an accreditation on a past day:
 * - outside validFrom..validUntil → NOT_YET_VALID / EXPIRED;
 * - with a statusHistory: the last change on or before the day; before the
 *   first recorded change it was ACTIVE (granted on validFrom). When today's
 *   status differs from the last recorded change and the day is after it, the
 *   change is undated → UNKNOWN;
 * - without history: ACTIVE when it is ACTIVE today (nothing recorded
 *   against it), otherwise UNKNOWN (we only know it is not active today).
 */
export const statusOnDay = (a: Accreditation, day: string): { status: StatusOnDay; basis: 'validity' | 'history' | 'current' } => {
  if (day < a.validFrom) return { status: 'NOT_YET_VALID', basis: 'validity' };
  if (a.validUntil !== undefined && day > a.validUntil) return { status: 'EXPIRED', basis: 'validity' };
  const history = [...(a.statusHistory ?? [])].sort((x, y) => x.from.localeCompare(y.from));
  if (history.length === 0) return { status: a.status === 'ACTIVE' ? 'ACTIVE' : 'UNKNOWN', basis: 'current' };
  const applicable = history.filter((h) => h.from <= day);
  const last = applicable.at(-1);
  if (last === undefined) return { status: 'ACTIVE', basis: 'history' };
  if (last === history.at(-1) && last.status !== a.status) return { status: 'UNKNOWN', basis: 'history' };
  return { status: last.status, basis: 'history' };
};

const failCode = {
  NOT_YET_VALID: Codes.NOT_YET_VALID_AT_ISSUE,
  EXPIRED: Codes.EXPIRED_AT_ISSUE,
  SUSPENDED: Codes.SUSPENDED_AT_ISSUE,
  WITHDRAWN: Codes.WITHDRAWN_AT_ISSUE,
} as const;

const issueDateOf = (ctx: CheckContext): string | undefined => ctx.fields.issueDate?.value ?? selectRegisteredReport(ctx)?.issueDate;

/**
 * The accreditation was valid on the ISSUE date (from its status history),
 * not just today. The printed accreditations of the issuer must each have
 * been ACTIVE; when none of the issuer's numbers is printed, one ACTIVE
 * accreditation of the issuer suffices. The issue date is the printed one,
 * else the registered one.
 */
export const accreditationValidAtIssue: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => resolveIssuer(ctx) !== undefined && issueDateOf(ctx) !== undefined,
  run: (ctx) => {
    const issuer = resolveIssuer(ctx)?.issuer;
    const issueDate = issueDateOf(ctx);
    if (!issuer || issueDate === undefined) throw new Error('applies() guarantees an issuer and an issue date');
    const printed = printedAccreditations(ctx);
    if (issuer.accreditations.length === 0) {
      return printed.length === 0
        ? r.skipped(Codes.NO_ACCREDITATION_CLAIMED, `${issuer.issuerId} holds no accreditation on record and the document prints none.`, {
            issuerId: issuer.issuerId,
          })
        : r.warn(Codes.NO_ACCREDITATION_ON_RECORD, `The document prints accreditation marks, but ${issuer.issuerId} has none on record.`, {
            issuerId: issuer.issuerId,
            printed,
          });
    }
    const claimed = issuer.accreditations.filter((a) => printed.some((p) => sameAccreditationNumber(p.number, a.number)));
    const considered = claimed.length > 0 ? claimed : issuer.accreditations;
    const evaluated = considered.map((a) => ({ accreditation: a, ...statusOnDay(a, issueDate) }));
    const evidence = {
      issuerId: issuer.issuerId,
      issueDate,
      accreditations: evaluated.map((e) => ({
        scheme: e.accreditation.scheme,
        number: e.accreditation.number,
        statusAtIssue: e.status,
        basis: e.basis,
        validFrom: e.accreditation.validFrom,
        validUntil: e.accreditation.validUntil ?? null,
        statusToday: e.accreditation.status,
      })),
    };
    const active = evaluated.filter((e) => e.status === 'ACTIVE');
    const ok = claimed.length > 0 ? active.length === evaluated.length : active.length > 0;
    if (ok) {
      const a = (active[0] ?? evaluated[0])?.accreditation;
      return r.pass(Codes.ACTIVE_AT_ISSUE, `The accreditation ${a?.scheme} ${a?.number} was active on the issue date ${issueDate}.`, evidence);
    }
    const bad = evaluated.filter((e) => e.status !== 'ACTIVE');
    const decisive = bad.find((e) => e.status !== 'UNKNOWN') ?? bad[0];
    if (!decisive || decisive.status === 'ACTIVE' || decisive.status === 'UNKNOWN') {
      return r.warn(
        Codes.STATUS_AT_ISSUE_UNKNOWN,
        `The status of the accreditation on the issue date ${issueDate} is not known: it is not active today and no dated history says since when.`,
        evidence,
      );
    }
    const a = decisive.accreditation;
    return r.fail(
      failCode[decisive.status],
      `The accreditation ${a.scheme} ${a.number} was ${decisive.status.toLowerCase().replaceAll('_', ' ')} on the issue date ${issueDate}.`,
      evidence,
    );
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const AccreditationValidAtIssueCopy: SummaryCopy = {
  [Codes.SUSPENDED_AT_ISSUE]: says('the accreditation was suspended on the issue date', '签发之日该机构资质处于暂停状态'),
  [Codes.WITHDRAWN_AT_ISSUE]: says('the accreditation was withdrawn on the issue date', '签发之日该机构资质已被撤销'),
  [Codes.EXPIRED_AT_ISSUE]: says('the accreditation had expired by the issue date', '签发之日该机构资质已过期'),
  [Codes.NOT_YET_VALID_AT_ISSUE]: says('the accreditation was not yet valid on the issue date', '签发之日该机构资质尚未生效'),
  [Codes.STATUS_AT_ISSUE_UNKNOWN]: says("the accreditation's status on the issue date is not known", '无法确认签发之日的资质状态'),
  [Codes.NO_ACCREDITATION_ON_RECORD]: says('the printed accreditation marks are not on record for the issuer', '该机构没有登记所印的资质'),
  [Codes.ACTIVE_AT_ISSUE]: says('the accreditation was active on the issue date', '签发之日资质有效'),
  [Codes.NO_ACCREDITATION_CLAIMED]: says('no accreditation is claimed', '未声明资质'),
};
