import { gunzipSync } from 'node:zlib';
import { base64url, compactVerify, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredReport } from '#shared/domain/report.ts';
import { attestedFields, buildCredential, buildStatusListCredential, statusEntriesOf } from '#shared/passport/credential.ts';
import { documentLoader, shippedContextUrls } from '#shared/passport/contexts.ts';
import { didDocument } from '#shared/passport/did.ts';
import { peekJws, signCredential } from '#shared/passport/jws.ts';
import { LocalKeyStore } from '#shared/passport/local-key-store.ts';
import { decodeList, emptyBitstring, encodeList, getBit, STATUS_LIST_ENTRIES, withBit } from '#shared/passport/status-list.ts';

const deployment = { did: 'did:web:certverify.example', name: 'certverify', publicBaseUrl: 'https://certverify.example' };
const report: RegisteredReport = {
  issuerId: 'hz-lab',
  reportNumber: 'HZ2025-0001',
  documentType: 'INSPECTION_REPORT',
  productName: '移动电源',
  model: 'PB-20000',
  client: '深圳市示例电子有限公司',
  manufacturer: '东莞示例制造有限公司',
  standards: ['GB 4943.1-2022', 'GB/T 35590-2017'],
  conclusion: 'PASS',
  issueDate: '2025-03-14',
  validUntil: '2026-03-13',
  documentSha256: 'a'.repeat(64),
  status: 'VALID',
  history: [{ status: 'VALID', reason: 'registered', at: '2025-03-14T08:00:00.000Z', by: 'k1' }],
  contentHash: 'b'.repeat(64),
  registeredAt: '2025-03-14T08:00:00.000Z',
  updatedAt: '2025-03-14T08:00:00.000Z',
};
const issuer = { issuerId: 'hz-lab', name: '杭州示例检测有限公司', accreditations: [{ scheme: 'CNAS' as const, number: 'L4321', validFrom: '2020-01-01', status: 'ACTIVE' as const }] };
const listUrl = (p: string) => `https://certverify.example/status-lists/${p}-1`;
const status = (['revocation', 'suspension'] as const).map((purpose) => ({
  id: `${listUrl(purpose)}#7`,
  type: 'BitstringStatusListEntry' as const,
  statusPurpose: purpose,
  statusListIndex: '7',
  statusListCredential: listUrl(purpose),
}));

describe('passport: credential (VC 2.0 rules that hold without JSON-LD tooling)', () => {
  const credential = buildCredential(deployment, report, issuer, status);

  it('puts the VC 2.0 context first and ships every context it names', () => {
    // Act & Assess
    expect(credential['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
    for (const url of credential['@context']) expect(shippedContextUrls()).toContain(url);
    expect(documentLoader('https://www.w3.org/ns/credentials/v2').document).toMatchObject({ '@context': { VerifiableCredential: expect.any(Object) } });
    expect(() => documentLoader('https://example.com/other')).toThrow(/not shipped/);
  });

  it('has the types, the issuer, validFrom at 00:00:00Z of the issue date, and the UNTP attestation subject', () => {
    // Act & Assess
    expect(credential.type).toStrictEqual(['VerifiableCredential', 'DigitalConformityCredential']);
    expect(credential.issuer).toStrictEqual({ id: 'did:web:certverify.example', name: 'certverify' });
    expect(credential.validFrom).toBe('2025-03-14T00:00:00Z');
    expect(credential.validUntil).toBe('2026-03-13T23:59:59Z');
    expect(credential.credentialSubject.type).toStrictEqual(['ConformityAttestation']);
    expect(attestedFields(credential)).toStrictEqual({
      issuerId: 'hz-lab',
      issuerName: '杭州示例检测有限公司',
      accreditationNumbers: [{ scheme: 'CNAS', number: 'L4321' }],
      reportNumber: 'HZ2025-0001',
      documentType: 'INSPECTION_REPORT',
      productName: '移动电源',
      model: 'PB-20000',
      client: '深圳市示例电子有限公司',
      manufacturer: '东莞示例制造有限公司',
      standards: ['GB 4943.1-2022', 'GB/T 35590-2017'],
      conclusion: 'PASS',
      issueDate: '2025-03-14',
      validUntil: '2026-03-13',
      documentSha256: 'a'.repeat(64),
    });
  });

  it('has two BitstringStatusListEntry items, revocation and suspension, with a string index', () => {
    // Act & Assess
    expect(credential.credentialStatus).toStrictEqual(status);
    expect(statusEntriesOf(credential).map((e) => [e.statusPurpose, e.statusListIndex])).toStrictEqual([['revocation', '7'], ['suspension', '7']]);
  });

  it('equals for equal records: the credential is the record', () => {
    // Act & Assess
    expect(buildCredential(deployment, structuredClone(report), issuer, status)).toStrictEqual(credential);
  });

  it('is a compact JWS with the VC-JOSE header that verifies with the did document key', async () => {
    // Prepare
    const keys = await LocalKeyStore.open();
    // Act
    const jws = await signCredential(keys.signer(deployment.did), credential);
    // Assess
    const did = didDocument(deployment.did, await keys.publicKeys());
    const method = did.verificationMethod[0];
    if (!method) throw new Error('no key');

    expect(peekJws(jws)?.header).toStrictEqual({ alg: 'ES256', kid: method.id, typ: 'vc+jwt', cty: 'vc' });
    expect(method).toMatchObject({ type: 'JsonWebKey', controller: deployment.did, publicKeyJwk: { kty: 'EC', crv: 'P-256' } });
    expect(method.publicKeyJwk).not.toHaveProperty('d');
    const { payload } = await compactVerify(jws, await importJWK(method.publicKeyJwk, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toStrictEqual(credential);
  });
});

describe('passport: status list', () => {
  it('encodes at least 131,072 entries (16 KB) as multibase base64url of GZIP', () => {
    // Prepare
    const bits = withBit(emptyBitstring(), 131_071, true);
    const encoded = encodeList(bits);

    // Act & Assess
    expect(STATUS_LIST_ENTRIES).toBeGreaterThanOrEqual(131_072);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const raw = gunzipSync(base64url.decode(encoded.slice(1)));
    expect(raw.length).toBe(16_384);
    expect(raw[16_383]).toBe(0x01);
    expect(decodeList(encoded)).toStrictEqual(new Uint8Array(raw));
  });

  it('numbers bits from the most significant bit of the first byte', () => {
    // Prepare
    const bits = withBit(emptyBitstring(16), 0, true);
    // Act & Assess
    expect([bits[0], getBit(bits, 0), getBit(bits, 1)]).toStrictEqual([0x80, true, false]);
    expect(getBit(withBit(bits, 0, false), 0)).toBe(false);
    expect(() => getBit(bits, 16)).toThrow(RangeError);
  });

  it('refuses an encodedList without the multibase prefix', () => {
    // Act & Assess
    expect(() => decodeList(encodeList(emptyBitstring()).slice(1))).toThrow(/prefix/);
  });

  it('is a BitstringStatusListCredential of one purpose', () => {
    // Act
    const list = buildStatusListCredential(deployment, listUrl('revocation'), 'revocation', encodeList(emptyBitstring()), new Date('2025-03-14T08:00:00.123Z'));
    // Assess
    expect(list).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      validFrom: '2025-03-14T08:00:00Z',
      credentialSubject: { id: `${listUrl('revocation')}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' },
    });
  });
});

describe('passport: key rotation', () => {
  let keys: LocalKeyStore;
  beforeAll(async () => {
    keys = await LocalKeyStore.open();
  });

  it('keeps the old public key in the did document, so credentials signed before a rotation still verify', async () => {
    // Prepare
    const before = await signCredential(keys.signer(deployment.did), { hello: 'old' });
    await keys.rotate();
    const after = await signCredential(keys.signer(deployment.did), { hello: 'new' });
    // Act
    const did = didDocument(deployment.did, await keys.publicKeys());

    // Assess
    expect(did.verificationMethod).toHaveLength(2);
    expect(peekJws(after)?.header.kid).toBe(did.verificationMethod[0]?.id);
    for (const jws of [before, after]) {
      const method = did.verificationMethod.find((m) => m.id === peekJws(jws)?.header.kid);
      if (!method) throw new Error('kid not in did document');
      await expect(compactVerify(jws, await importJWK(method.publicKeyJwk, 'ES256'))).resolves.toBeDefined();
    }
  });
});
