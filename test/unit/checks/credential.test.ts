import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { credential } from '#shared/checks/credential.ts';
import { runCheck, runChecks } from '#shared/checks/run-checks.ts';
import { decideVerdict } from '#shared/checks/verdict-policy.ts';
import type { CredentialEvidence } from '#shared/domain/credential-evidence.ts';
import { buildCredential } from '#shared/passport/credential.ts';
import { didDocument } from '#shared/passport/did.ts';
import { signCredential } from '#shared/passport/jws.ts';
import { LocalKeyStore } from '#shared/passport/local-key-store.ts';
import { emptyBitstring, withBit } from '#shared/passport/status-list.ts';
import { verifyCredential, type CredentialResolvers } from '#shared/passport/verify.ts';
import { field, genuineReport, makeContext, qingshi, withFields } from './fixtures.ts';

const deployment = { did: 'did:web:certverify.example', name: 'certverify', publicBaseUrl: 'https://certverify.example' };
const list = (purpose: string) => `https://certverify.example/status-lists/${purpose}-1`;
const INDEX = 42;

describe('check: credential', () => {
  let jws: string;
  let kid: string;
  let resolvers: (bits?: { revocation?: boolean; suspension?: boolean; listDown?: boolean; keysDown?: boolean }) => CredentialResolvers;

  beforeAll(async () => {
    const keys = await LocalKeyStore.open();
    const doc = didDocument(deployment.did, await keys.publicKeys());
    const status = (['revocation', 'suspension'] as const).map((p) => ({
      id: `${list(p)}#${INDEX}`,
      type: 'BitstringStatusListEntry' as const,
      statusPurpose: p,
      statusListIndex: String(INDEX),
      statusListCredential: list(p),
    }));
    jws = await signCredential(keys.signer(deployment.did), buildCredential(deployment, genuineReport, qingshi, status));
    kid = doc.verificationMethod[0]?.id ?? '';
    resolvers = (o = {}) => ({
      publicKey: (k) => {
        if (o.keysDown) return Promise.reject(new Error('did.json unreachable'));
        return Promise.resolve(doc.verificationMethod.find((m) => m.id === k)?.publicKeyJwk ?? 'unknown');
      },
      statusList: (_url, purpose) => {
        if (o.listDown) return Promise.reject(new Error('status list unreachable'));
        return Promise.resolve(withBit(emptyBitstring(), INDEX, o[purpose] === true));
      },
    });
  });

  const evidence = (o?: Parameters<typeof resolvers>[0], token = jws) => verifyCredential(token, resolvers(o), 'document-qr');
  const base = () => ({ source: 'document-qr', kid, reportNumber: 'QS2025-000123' });
  const valid = () => ({
    ...base(),
    issuer: deployment.did,
    validFrom: '2025-03-14T00:00:00Z',
    validUntil: undefined,
    status: { revocation: 'clear', suspension: 'clear' },
  });
  const flipped = () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const bytes = Buffer.from(base64url.decode(p));
    const at = bytes.indexOf('TC-200');
    bytes[at] = 'X'.charCodeAt(0);
    return `${h}.${base64url.encode(bytes)}.${s}`;
  };
  const judge = (c: CredentialEvidence, over = {}) => runCheck(credential, makeContext({ credential: c, ...over }));

  it('PASS: signed by our key, valid, neither bit set, printed fields equal the subject', async () => {
    // Act & Assess
    expect(judge(await evidence())).toStrictEqual({
      name: 'credential',
      status: 'PASS',
      code: 'VALID',
      message: 'The credential is signed by this deployment, within its validity period, and neither revoked nor suspended.',
      evidence: valid(),
    });
  });

  it('FAIL SIGNATURE_INVALID: one flipped byte in the payload', async () => {
    // Act & Assess
    expect(judge(await evidence({}, flipped()))).toStrictEqual({
      name: 'credential',
      status: 'FAIL',
      code: 'SIGNATURE_INVALID',
      message: "The credential's signature does not verify: the signature does not verify.",
      evidence: { ...base(), reportNumber: 'QS2025-000123' },
    });
  });

  it('FAIL REVOKED: the revocation bit is set', async () => {
    // Act & Assess
    expect(judge(await evidence({ revocation: true }))).toStrictEqual({
      name: 'credential',
      status: 'FAIL',
      code: 'REVOKED',
      message: 'The issuer revoked this credential (revocation bit set).',
      evidence: { ...valid(), status: { revocation: 'set', suspension: 'clear' } },
    });
  });

  it('WARN SUSPENDED: the suspension bit is set', async () => {
    // Act & Assess
    expect(judge(await evidence({ suspension: true }))).toStrictEqual({
      name: 'credential',
      status: 'WARN',
      code: 'SUSPENDED',
      message: 'The issuer suspended this credential (suspension bit set).',
      evidence: { ...valid(), status: { revocation: 'clear', suspension: 'set' } },
    });
  });

  it('ERROR STATUS_LIST_UNAVAILABLE, never FAIL: a status list cannot be fetched', async () => {
    // Act
    const result = judge(await evidence({ listDown: true }));
    // Assess
    expect(result).toStrictEqual({
      name: 'credential',
      status: 'ERROR',
      code: 'STATUS_LIST_UNAVAILABLE',
      message: 'A status list of the credential could not be had; its status is unknown.',
      evidence: { ...valid(), status: { revocation: 'unavailable', suspension: 'unavailable' }, detail: expect.stringMatching(/status list unreachable/) },
    });
  });

  it('ERROR KEY_UNAVAILABLE, never FAIL: the keys cannot be had', async () => {
    // Act & Assess
    expect(judge(await evidence({ keysDown: true }))).toStrictEqual({
      name: 'credential',
      status: 'ERROR',
      code: 'KEY_UNAVAILABLE',
      message: 'The issuer keys could not be had; the credential was not verified.',
      evidence: { ...base(), detail: 'did.json unreachable' },
    });
  });

  it('FAIL PRINTED_FIELDS_DIFFER: the text layer prints another model than the signed credential', async () => {
    // Act
    const result = runCheck(credential, withFields({ model: field('TC-300') }, { credential: await evidence() }));
    // Assess
    expect(result).toStrictEqual({
      name: 'credential',
      status: 'FAIL',
      code: 'PRINTED_FIELDS_DIFFER',
      message: 'Printed model differs from the signed credential.',
      evidence: { ...valid(), diff: [{ field: 'model', printed: 'TC-300', attested: 'TC-200' }] },
    });
  });

  it.each(['paddle', 'textract'] as const)('WARN PRINTED_FIELDS_DIFFER_UNCERTAIN_READ: a difference read by %s is never hard evidence', async (textSource) => {
    // Act
    const result = runCheck(credential, withFields({ model: field('TC-300') }, { credential: await evidence(), textSource }));

    // Assess
    expect([result.status, result.code]).toStrictEqual(['WARN', 'PRINTED_FIELDS_DIFFER_UNCERTAIN_READ']);
  });

  it('WARN PRINTED_FIELDS_DIFFER_UNCERTAIN_READ: a text-layer value read away from its label (low confidence)', async () => {
    // Act
    const result = runCheck(credential, withFields({ model: field('TC-300', 0.5) }, { credential: await evidence() }));

    // Assess
    expect([result.status, result.code]).toStrictEqual(['WARN', 'PRINTED_FIELDS_DIFFER_UNCERTAIN_READ']);
  });

  it('WARN PRINTED_FIELDS_DIFFER_UNCERTAIN_READ: the same difference read by OCR', async () => {
    // Prepare
    const result = runCheck(credential, withFields({ model: field('TC-300') }, { credential: await evidence(), textSource: 'tesseract' }));
    // Act & Assess
    expect([result.status, result.code]).toStrictEqual(['WARN', 'PRINTED_FIELDS_DIFFER_UNCERTAIN_READ']);
  });

  it('FAIL EXPIRED after validUntil, SKIPPED without a credential', async () => {
    // Prepare
    const c = { ...(await evidence()), validUntil: '2025-04-01T23:59:59Z' };
    // Act & Assess
    expect([judge(c).status, judge(c).code]).toStrictEqual(['FAIL', 'EXPIRED']);
    expect(runCheck(credential, makeContext())).toStrictEqual({ name: 'credential', status: 'SKIPPED', code: 'NOT_APPLICABLE', message: 'Nothing on the document for this check to look at.' });
  });

  describe('verdict', () => {
    const verdictOf = async (o?: Parameters<typeof resolvers>[0], token = jws) => decideVerdict(runChecks(makeContext({ credential: await evidence(o, token) }))).verdict;

    it('a valid credential on a genuine document is AUTHENTIC', async () => {
      // Act & Assess
      expect(await verdictOf()).toBe('AUTHENTIC');
    });

    it('a valid credential is AUTHENTIC even when another check could not complete', async () => {
      // Prepare
      const ctx = makeContext({ credential: await evidence(), unavailable: ['fraudPatterns', 'history'] });
      // Act & Assess
      expect(decideVerdict(runChecks(ctx)).verdict).toBe('AUTHENTIC');
    });

    it('a revoked credential is never AUTHENTIC, even while the registry still says VALID', async () => {
      // Act & Assess
      expect(await verdictOf({ revocation: true })).toBe('FRAUDULENT');
    });

    it('a flipped byte is FRAUDULENT; a suspended credential SUSPICIOUS', async () => {
      // Act & Assess
      expect(await verdictOf({}, flipped())).toBe('FRAUDULENT');
      expect(await verdictOf({ suspension: true })).toBe('SUSPICIOUS');
    });

    it('an unfetchable status list is never FRAUDULENT and never AUTHENTIC', async () => {
      // Act & Assess
      expect(await verdictOf({ listDown: true })).toBe('UNVERIFIABLE');
    });
  });
});
