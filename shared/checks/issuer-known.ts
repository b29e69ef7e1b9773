import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import { IssuerMatchedBy, printedAccreditations, resolveIssuer } from './context.ts';

const name = 'issuer-known';
const r = results(name);

export const IssuerKnownCodes = {
  KNOWN_BY_ACCREDITATION: 'KNOWN_BY_ACCREDITATION',
  KNOWN_BY_NAME: 'KNOWN_BY_NAME',
  KNOWN_BY_ALIAS: 'KNOWN_BY_ALIAS',
  KNOWN_BY_REGISTERED_REPORT: 'KNOWN_BY_REGISTERED_REPORT',
  UNKNOWN_ISSUER: 'UNKNOWN_ISSUER',
} as const;
const Codes = IssuerKnownCodes;

const codeFor = {
  [IssuerMatchedBy.ACCREDITATION]: Codes.KNOWN_BY_ACCREDITATION,
  [IssuerMatchedBy.NAME]: Codes.KNOWN_BY_NAME,
  [IssuerMatchedBy.ALIAS]: Codes.KNOWN_BY_ALIAS,
  [IssuerMatchedBy.REGISTERED_REPORT]: Codes.KNOWN_BY_REGISTERED_REPORT,
} as const;

/**
 * The issuer is in the registry: by printed accreditation number first, then
 * by name or alias after normalisation (有限公司 / Co., Ltd., width, case,
 * spacing), else as the one issuer that registered the number. Records which.
 * An unknown issuer is a WARN: it proves nothing by itself (UNVERIFIABLE).
 */
export const issuerKnown: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: () => true,
  run: (ctx) => {
    const resolved = resolveIssuer(ctx);
    if (!resolved) {
      return r.warn(Codes.UNKNOWN_ISSUER, 'The issuer is not in the registry.', {
        printedName: ctx.fields.issuerName?.value ?? null,
        printedAccreditations: printedAccreditations(ctx),
      });
    }
    return r.pass(codeFor[resolved.matchedBy], `The issuer is registered as ${resolved.issuer.issuerId} (matched by ${resolved.matchedBy}).`, {
      issuerId: resolved.issuer.issuerId,
      matchedBy: resolved.matchedBy,
      matchedValue: resolved.matchedValue,
    });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const IssuerKnownCopy: SummaryCopy = {
  [Codes.UNKNOWN_ISSUER]: says('the issuer is not in the registry', '出具机构不在登记库中'),
};
