import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import { selectRegisteredReport } from './context.ts';

const name = 'document-hash';
const r = results(name);

export const DocumentHashCodes = {
  HASH_MATCHES: 'HASH_MATCHES',
  HASH_DIFFERS: 'HASH_DIFFERS',
} as const;
const Codes = DocumentHashCodes;

/**
 * The uploaded file's sha256 equals the registered documentSha256: PASS, the
 * byte-identical file the issuer registered.
 *
 * A different hash is only a WARN, whatever the fields say: a genuine report
 * that was scanned, printed to PDF, re-saved or signed has another hash. The
 * check stays independent of fields-match on purpose: when fields differ too,
 * fields-match FAILs and the verdict policy already calls it FRAUDULENT; when
 * the PDF shows edits as well, the policy reads HASH_DIFFERS together with
 * pdf-forensics (see verdict-policy.ts).
 */
export const documentHash: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => ctx.document !== undefined && selectRegisteredReport(ctx)?.documentSha256 !== undefined,
  run: (ctx) => {
    const registered = selectRegisteredReport(ctx)?.documentSha256 ?? '';
    const uploaded = (ctx.document?.sha256 ?? '').trim().toLowerCase();
    const evidence = { uploaded, registered };
    return uploaded === registered
      ? r.pass(Codes.HASH_MATCHES, 'The file is byte-identical to the one the issuer registered.', evidence)
      : r.warn(
          Codes.HASH_DIFFERS,
          'The file differs from the one the issuer registered; a scanned, re-saved or signed copy of a genuine report differs too.',
          evidence,
        );
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const DocumentHashCopy: SummaryCopy = {
  [Codes.HASH_DIFFERS]: says('the file differs from the registered original', '文件与登记的原件不一致'),
  [Codes.HASH_MATCHES]: says('the file is the registered original', '文件即登记的原件'),
};
