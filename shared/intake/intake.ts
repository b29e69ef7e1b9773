import { sha256Hex } from './hash.ts';
import { assertSize, limitsFromEnv, type IntakeLimits } from './limits.ts';
import { assertPdfComplexity, DEFAULT_COMPLEXITY } from './pdf-complexity.ts';
import { assertComplete } from './structure.ts';
import { DocumentContentTypes, sniffContentType, type ClaimedType, type DocumentContentType } from './sniff.ts';

export interface IntakeResult {
  sha256: string;
  contentType: DocumentContentType;
  sizeBytes: number;
}

/**
 * Step 1 of the pipeline, before any parser runs: size limit, type from the magic
 * bytes, completeness, what a PDF inflates to (pdf-complexity.ts), sha256. Throws the
 * intake errors of shared/domain/errors.ts (415 / 413 / 422), never anything else.
 */
export const intakeDocument = (
  bytes: Uint8Array,
  options: { limits?: IntakeLimits; claimed?: ClaimedType } = {},
): IntakeResult => {
  const limits = options.limits ?? limitsFromEnv();
  assertSize(bytes, limits);
  const contentType = sniffContentType(bytes, options.claimed);
  assertComplete(bytes, contentType);
  if (contentType === DocumentContentTypes.pdf) assertPdfComplexity(bytes, { ...DEFAULT_COMPLEXITY, maxPixels: limits.maxPixels });
  return { sha256: sha256Hex(bytes), contentType, sizeBytes: bytes.byteLength };
};
