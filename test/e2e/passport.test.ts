import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { base64url, compactVerify, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';

/**
 * An independent verifier: it uses only HTTP, the did.json, the status lists,
 * jose and zlib, never the project's own verification code.
 */
const independent = {
  async verify(baseUrl: string, jws: string) {
    const did = (await (await fetch(`${baseUrl}/.well-known/did.json`)).json()) as {
      id: string;
      verificationMethod: Array<{ id: string; type: string; controller: string; publicKeyJwk: JWK }>;
      assertionMethod: string[];
    };
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[0] ?? ''))) as { kid: string; alg: string; typ: string; cty: string };
    const method = did.verificationMethod.find((m) => m.id === header.kid);
    if (!method || !did.assertionMethod.includes(method.id)) throw new Error('kid not in did.json');
    const key = await importJWK(method.publicKeyJwk, header.alg);
    const { payload } = await compactVerify(jws, key);
    const credential = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown> & {
      credentialStatus: Array<{ type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string }>;
    };
    return { did, header, credential };
  },
  async statusBit(didDoc: { verificationMethod: Array<{ id: string; publicKeyJwk: JWK }> }, entry: { statusListIndex: string; statusListCredential: string; statusPurpose: string }) {
    const jwt = await (await fetch(entry.statusListCredential)).text();
    const kid = (JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split('.')[0] ?? ''))) as { kid: string }).kid;
    const method = didDoc.verificationMethod.find((m) => m.id === kid);
    if (!method) throw new Error('status list kid not in did.json');
    const { payload } = await compactVerify(jwt, await importJWK(method.publicKeyJwk, 'ES256'));
    const list = JSON.parse(new TextDecoder().decode(payload)) as { type: string[]; credentialSubject: { statusPurpose: string; encodedList: string } };
    expect(list.type).toContain('BitstringStatusListCredential');
    expect(list.credentialSubject.statusPurpose).toBe(entry.statusPurpose);
    expect(list.credentialSubject.encodedList.startsWith('u')).toBe(true);
    const bits = gunzipSync(base64url.decode(list.credentialSubject.encodedList.slice(1)));
    const index = Number(entry.statusListIndex);
    return { set: ((bits[index >> 3] ?? 0) & (0x80 >> (index % 8))) !== 0, size: bits.length };
  },
};

describe('e2e: digital passport on the local runtime', () => {
  let server: LocalServer;
  let dataDir: string;
  let admin: string;
  let issuerKey: string;
  let platform: string;

  const call = async (method: string, path: string, options: { key?: string; body?: unknown; accept?: string; headers?: Record<string, string> } = {}) =>
    fetch(path.startsWith('http') ? path : `${server.url}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.accept ? { accept: options.accept } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  const register = async (reportNumber: string, extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/issuers/passport-lab/reports', {
      key: issuerKey,
      body: { reportNumber, documentType: 'INSPECTION_REPORT', productName: '移动电源', model: 'PB-20000', standards: ['GB 4943.1-2022'], conclusion: 'PASS', issueDate: '2025-03-14', ...extra },
    });
    return { status: res.status, body: (await res.json()) as { passport: { url: string; credential: string }; contentHash: string } };
  };
  const patch = (reportNumber: string, status: string) => call('PATCH', `/issuers/passport-lab/reports/${reportNumber}`, { key: issuerKey, body: { status, reason: `test ${status}` } });
  const verify = async (body: unknown) => (await (await call('POST', '/verifications', { key: platform, body })).json()) as { verdict: string; checks: Array<{ name: string; status: string; code: string }>; extracted: { textSource: string } };
  const credentialCheck = (v: Awaited<ReturnType<typeof verify>>) => v.checks.find((c) => c.name === 'credential');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-passport-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true });
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { admin: string; platform: string };
    admin = keys.admin;
    platform = keys.platform;
    await call('PUT', '/issuers/passport-lab', { key: admin, body: { name: 'Passport Testing Lab Co., Ltd.', accreditations: [{ scheme: 'CNAS', number: 'L7001', validFrom: '2020-01-01', status: 'ACTIVE' }], registersAllReports: true, verificationDomains: ['verify.passport-lab.example'] } });
    issuerKey = ((await (await call('POST', '/api-keys', { key: admin, body: { role: 'issuer', issuerId: 'passport-lab' } })).json()) as { apiKey: string }).apiKey;
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('issues a credential at registration that an independent verifier accepts, and the same one again', async () => {
    const first = await register('PL-0001');
    const again = await register('PL-0001');

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.passport).toStrictEqual(first.body.passport);
    expect(first.body.passport.url).toMatch(new RegExp(`^${server.url}/r/passport-lab/PL-0001\\?t=[A-Za-z0-9_-]{43}$`));
    const { did, header, credential } = await independent.verify(server.url, first.body.passport.credential);
    expect(did.id).toBe(`did:web:127.0.0.1%3A${server.port}`);
    expect(header).toStrictEqual({ alg: 'ES256', kid: expect.stringMatching(new RegExp(`^${did.id}#`)), typ: 'vc+jwt', cty: 'vc' });
    expect(credential).toMatchObject({
      type: ['VerifiableCredential', 'DigitalConformityCredential'],
      issuer: { id: did.id, name: 'certverify' },
      validFrom: '2025-03-14T00:00:00Z',
      credentialSubject: { type: ['ConformityAttestation'], reportNumber: 'PL-0001', issuingBody: { issuerId: 'passport-lab', name: 'Passport Testing Lab Co., Ltd.', accreditations: [{ scheme: 'CNAS', number: 'L7001' }] } },
    });
    const bits = await Promise.all(credential.credentialStatus.map((e) => independent.statusBit(did, e)));
    expect(credential.credentialStatus.map((e) => e.statusPurpose)).toStrictEqual(['revocation', 'suspension']);
    expect(bits).toStrictEqual([{ set: false, size: 16384 }, { set: false, size: 16384 }]);
  });

  it('sets the revocation bit after PATCH REVOKED', async () => {
    const { body } = await register('PL-0002');
    expect((await patch('PL-0002', 'REVOKED')).status).toBe(200);

    const { did, credential } = await independent.verify(server.url, body.passport.credential);
    const [revocation, suspension] = await Promise.all(credential.credentialStatus.map((e) => independent.statusBit(did, e)));
    expect(revocation?.set).toBe(true);
    expect(suspension?.set).toBe(false);
    expect((await patch('PL-0002', 'VALID')).status).toBe(409);
  });

  it('sets the suspension bit on SUSPENDED and clears it on VALID', async () => {
    // Prepare
    const { body } = await register('PL-0003');
    const { did, credential } = await independent.verify(server.url, body.passport.credential);
    const suspension = credential.credentialStatus.find((e) => e.statusPurpose === 'suspension');
    if (!suspension) throw new Error('no suspension entry');

    // Act & Assess
    expect((await patch('PL-0003', 'SUSPENDED')).status).toBe(200);
    expect((await independent.statusBit(did, suspension)).set).toBe(true);
    expect((await patch('PL-0003', 'VALID')).status).toBe(200);
    expect((await independent.statusBit(did, suspension)).set).toBe(false);
  });

  it('gives two reports different status indexes', async () => {
    // Prepare
    const a = await register('PL-0004');
    const b = await register('PL-0005');
    const index = async (jws: string) => (await independent.verify(server.url, jws)).credential.credentialStatus[0]?.statusListIndex;
    // Act & Assess
    expect(await index(a.body.passport.credential)).not.toBe(await index(b.body.passport.credential));
  });

  it('serves the status list with a short TTL and an ETag, and 304 for If-None-Match', async () => {
    // Prepare
    const res = await call('GET', '/status-lists/revocation-1');
    const etag = res.headers.get('etag') ?? '';
    const cached = await call('GET', '/status-lists/revocation-1', { headers: { 'if-none-match': etag } });

    // Act & Assess
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toStrictEqual([200, 'application/vc+jwt', 'public, max-age=30']);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(cached.status).toBe(304);
    expect((await call('GET', '/status-lists/revocation-99')).status).toBe(404);
  });

  it('answers a person with a bilingual HTML page under a strict CSP, a machine with a linkset, and a wrong token like an unknown number', async () => {
    const { body } = await register('PL-0006', { productName: '<script>alert(1)</script>' });
    const page = await call('GET', body.passport.url, { accept: 'text/html' });
    const html = await page.text();
    const linkset = await call('GET', body.passport.url, { accept: 'application/linkset+json' });
    const wrong = await call('GET', `${server.url}/r/passport-lab/PL-0006?t=${'A'.repeat(43)}`);
    const missing = await call('GET', `${server.url}/r/passport-lab/PL-0006`);
    const unknown = await call('GET', `${server.url}/r/passport-lab/NO-SUCH?t=${'A'.repeat(43)}`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; .*frame-ancestors 'none'$/);
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).toContain('有效 · Valid');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;&#47;script&#62;');
    expect(html).not.toContain('<script');
    expect(linkset.headers.get('content-type')).toBe('application/linkset+json');
    expect(await linkset.json()).toStrictEqual({
      linkset: [
        {
          anchor: `${server.url}/r/passport-lab/PL-0006`,
          'untp:dcc': [{ href: body.passport.url, type: 'application/vc+jwt', title: 'Digital Conformity Credential (VC 2.0, VC-JOSE)' }],
          describedby: [{ href: `${server.url}/issuers/passport-lab/reports/PL-0006?t=${new URL(body.passport.url).searchParams.get('t')}`, type: 'application/json', title: 'Public report lookup' }],
          related: [{ href: 'https://verify.passport-lab.example/', title: "The issuer's own verification site" }],
        },
      ],
    });
    const bodies = await Promise.all([wrong, missing, unknown].map(async (r) => ({ status: r.status, body: ((await r.json()) as { code: string }).code })));
    expect(bodies).toStrictEqual([
      { status: 404, body: 'REPORT_NOT_FOUND' },
      { status: 404, body: 'REPORT_NOT_FOUND' },
      { status: 404, body: 'REPORT_NOT_FOUND' },
    ]);
  });

  it('gives the issuer its passport and the QR code as SVG, and issues one on first request for a report registered earlier', async () => {
    // Prepare
    const demoIssuer = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { issuers: Record<string, string> };
    // Act
    const earlier = await call('GET', '/issuers/mingjian-testing/reports/MJ2025-000127/passport', { key: demoIssuer.issuers['mingjian-testing'] ?? '' });
    const passport = (await earlier.json()) as { url: string; credential: string };
    const svg = await call('GET', '/issuers/mingjian-testing/reports/MJ2025-000127/passport.svg', { key: admin });

    // Assess
    expect(earlier.status).toBe(200);
    expect((await independent.verify(server.url, passport.credential)).credential.credentialSubject).toMatchObject({ reportNumber: 'MJ2025-000127' });
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('verifies a passport: AUTHENTIC when valid, FRAUDULENT with a flipped byte or when revoked, SUSPICIOUS when suspended', async () => {
    // Prepare
    const { body } = await register('PL-0010');
    const jws = body.passport.credential;
    const [h, p, s] = jws.split('.') as [string, string, string];
    const payload = Buffer.from(base64url.decode(p));
    payload[payload.indexOf('PB-20000')] = 'Q'.charCodeAt(0);
    const flipped = `${h}.${base64url.encode(payload)}.${s}`;

    const valid = await verify({ credential: jws });
    const byUrl = await verify({ passportUrl: body.passport.url });
    const tampered = await verify({ credential: flipped });
    const wrongToken = await verify({ passportUrl: `${server.url}/r/passport-lab/PL-0010?t=${'B'.repeat(43)}` });
    await patch('PL-0010', 'SUSPENDED');
    const suspended = await verify({ credential: jws });
    await patch('PL-0010', 'REVOKED');
    const revoked = await verify({ credential: jws });

    // Act & Assess
    expect([valid.verdict, credentialCheck(valid)?.code, valid.extracted.textSource]).toStrictEqual(['AUTHENTIC', 'VALID', 'credential']);
    expect([byUrl.verdict, credentialCheck(byUrl)?.code]).toStrictEqual(['AUTHENTIC', 'VALID']);
    expect([tampered.verdict, credentialCheck(tampered)?.status, credentialCheck(tampered)?.code]).toStrictEqual(['FRAUDULENT', 'FAIL', 'SIGNATURE_INVALID']);
    expect([wrongToken.verdict, credentialCheck(wrongToken)?.code]).not.toContain('AUTHENTIC');
    expect([suspended.verdict, credentialCheck(suspended)?.code]).toStrictEqual(['SUSPICIOUS', 'SUSPENDED']);
    expect([revoked.verdict, credentialCheck(revoked)?.code]).toStrictEqual(['FRAUDULENT', 'REVOKED']);
  });
});
