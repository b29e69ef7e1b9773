import { describe, expect, it } from 'vitest';
import { documentHash } from '#shared/checks/document-hash.ts';
import { genuineReport, makeContext, SHA_GENUINE, SHA_OTHER } from './fixtures.ts';

describe('check: document-hash', () => {
  it('passes when the file is the registered one', () => {
    // Act & Assess
    expect(documentHash.run(makeContext())).toStrictEqual({
      name: 'document-hash',
      status: 'PASS',
      code: 'HASH_MATCHES',
      message: 'The file is byte-identical to the one the issuer registered.',
      evidence: { uploaded: SHA_GENUINE, registered: SHA_GENUINE },
    });
  });

  it('only warns when the file differs: a scanned or re-saved genuine report differs too', () => {
    // Prepare
    const ctx = makeContext({ document: { sha256: SHA_OTHER.toUpperCase(), contentType: 'image/png', pages: 1, sizeBytes: 90211 } });
    // Act & Assess
    expect(documentHash.run(ctx)).toStrictEqual({
      name: 'document-hash',
      status: 'WARN',
      code: 'HASH_DIFFERS',
      message: 'The file differs from the one the issuer registered; a scanned, re-saved or signed copy of a genuine report differs too.',
      evidence: { uploaded: SHA_OTHER, registered: SHA_GENUINE },
    });
  });

  it('does not apply to typed-in fields or a registration without a hash', () => {
    // Act & Assess
    expect(documentHash.applies(makeContext({ document: undefined }))).toBe(false);
    const { documentSha256: _omitted, ...withoutHash } = genuineReport;
    expect(documentHash.applies(makeContext({ registeredReports: [withoutHash] }))).toBe(false);
  });
});
