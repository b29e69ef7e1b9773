import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentBombs, multipartWith, unterminatedMultipart } from '../../scripts/hostile/bombs.ts';
import { healthProbe, percentile, rawExchange, rawSocket, request, startControlServer, startHostileServer, type Answer, type HostileServer } from './support.ts';

/** The handler's own timeout in the local runtime (lambdaContext) and a second of transport. */
const DEADLINE_MS = 31_000;
const GB = 1024 ** 3;

const typedFields = { reportNumber: 'MJ2025-000342', issuerName: '明鉴检测', productName: '电源适配器', issueDate: '2025-05-20' };

/**
 * The hostile suite: the local runtime as a child process, then bombs,
 * malformed and slow requests and floods, with /health probed every 50 ms
 * throughout. Every answer is recorded: none may be a 5xx or arrive after the
 * deadline, the process must never exit, what was stored before must still
 * be there, and the server's peak RSS must stay under 1.5 GB.
 */
describe('hostile suite: the local runtime under attack', () => {
  let server: HostileServer;
  let bombs: Awaited<ReturnType<typeof documentBombs>>;
  const bomb = (name: string) => {
    const b = bombs[name];
    if (!b) throw new Error(`no bomb ${name}`);
    return b;
  };
  let probe: ReturnType<typeof healthProbe>;
  let control: Awaited<ReturnType<typeof startControlServer>>;
  let controlProbe: ReturnType<typeof healthProbe>;
  const answers: Array<Answer & { what: string }> = [];
  let healthSummary = '';
  const before: { verificationId?: string; verification?: unknown; patternId?: string } = {};

  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const send = async (what: string, path: string, init: RequestInit = {}) => {
    const a = await request(`${server.url}${path}`, init);
    answers.push({ ...a, what });
    return a;
  };
  const upload = (what: string, bytes: Buffer, filename: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), filename);
    return send(what, '/verifications', { method: 'POST', headers: auth(server.keys.platform), body: form });
  };
  const rawMultipart = (what: string, contentType: string, body: Buffer) =>
    send(what, '/verifications', { method: 'POST', headers: { ...auth(server.keys.platform), 'content-type': contentType }, body });

  beforeAll(async () => {
    [bombs, server] = await Promise.all([
      documentBombs(),
      startHostileServer({ DOCUMENT_TIMEOUT_MS: '8000', SANDBOX_THREADS: '2', TESSERACT_LANGS: 'eng' }),
    ]);
    const stored = await send('store before', '/verifications', {
      method: 'POST',
      headers: { ...auth(server.keys.platform), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: typedFields, sellerId: 'before-the-storm' }),
    });
    before.verificationId = (stored.body as { verificationId: string }).verificationId;
    before.verification = stored.body;
    const pattern = await send('pattern before', '/fraud-patterns', {
      method: 'POST',
      headers: { ...auth(server.keys.investigator), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'SELLER', match: 'REGEX', value: '^(a+)+$', severity: 'HIGH' }),
    });
    before.patternId = (pattern.body as { id: string }).id;
    control = await startControlServer();
    probe = healthProbe(server.url, 50);
    controlProbe = healthProbe(control.url, 50);
  }, 120_000);

  afterAll(async () => {
    await probe?.stop();
    await controlProbe?.stop();
    control?.stop();
    await server?.stop();
  });

  it('answers the 150-byte multipart body without a closing boundary with a 400, and lives', async () => {
    const { contentType, body } = unterminatedMultipart();
    const res = await rawMultipart('unterminated multipart', contentType, body);
    expect(res).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST' } });
    expect((await send('health after', '/health')).status).toBe(200);
  });

  it.each([
    ['no boundary parameter', 'multipart/form-data', multipartWith('B', [{ name: 'file', filename: 'a.pdf', body: '%PDF-1.7' }])],
    ['a boundary that never appears', 'multipart/form-data; boundary=NOPE', multipartWith('B', [{ name: 'file', filename: 'a.pdf', body: '%PDF-1.7' }])],
    ['a part with no headers end', 'multipart/form-data; boundary=B', Buffer.from('--B\r\nContent-Disposition: form-data; name="file"')],
    ['a part header of 100 KB', 'multipart/form-data; boundary=B', Buffer.from(`--B\r\nX-Junk: ${'x'.repeat(100_000)}\r\n\r\nbody\r\n--B--\r\n`)],
    ['5 000 fields and no file', 'multipart/form-data; boundary=B', multipartWith('B', Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}`, body: 'v' })))],
    ['two file parts, the second unterminated', 'multipart/form-data; boundary=B', multipartWith('B', [{ name: 'file', filename: 'a.pdf', body: '%PDF-1.7\n%%EOF' }, { name: 'file', filename: 'b.pdf', body: '%PDF' }], false)],
    ['binary garbage', 'multipart/form-data; boundary=B', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
  ])('answers a multipart body with %s with a 4xx problem', async (what, contentType, body) => {
    const res = await rawMultipart(what, contentType, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ code: expect.any(String) });
  });

  it.each([
    ['path-operator-bomb', 422, 'DOCUMENT_TOO_COMPLEX'],
    ['nul-bomb', 422, 'DOCUMENT_TOO_COMPLEX'],
    ['operator-flood', 422, 'DOCUMENT_TOO_COMPLEX'],
    ['pixel-bomb-pdf', 422, 'DOCUMENT_TOO_COMPLEX'],
    ['pixel-bomb-png', 413, 'DOCUMENT_TOO_LARGE'],
  ] as const)('refuses the %s before the expensive work (%i %s)', async (name, status, code) => {
    const { bytes, filename } = bomb(name);
    const res = await upload(name, bytes, filename);
    expect(res).toMatchObject({ status, body: { code } });
    expect(res.ms).toBeLessThan(5_000);
  });

  it.each(['deep-nesting-pdf', 'heavy-but-bounded'] as const)('reads or gives up on the %s within its budget, in the sandbox', async (name) => {
    const { bytes, filename } = bomb(name);
    const res = await upload(name, bytes, filename);
    expect([200, 422]).toContain(res.status);
    if (res.status === 422) expect(res.body).toMatchObject({ code: expect.stringMatching(/^(TIMEOUT|DOCUMENT_TOO_COMPLEX|CORRUPT_PDF)$/) });
    expect(res.ms).toBeLessThan(DEADLINE_MS);
  }, 40_000);

  it.each([
    ['JSON nested 100 000 deep', JSON.stringify({ fields: 0 }).replace('0', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['JSON with 100 000 keys', JSON.stringify({ fields: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) })],
    ['base64 that is not base64', JSON.stringify({ document: { contentBase64: '%%%%' } })],
    ['5 MB of base64 NULs', JSON.stringify({ document: { contentBase64: Buffer.alloc(3_750_000).toString('base64') } })],
    ['truncated JSON', '{"fields": {"reportNumber": "MJ'],
  ])('answers %s with a 4xx problem', async (what, body) => {
    const res = await send(what, '/verifications', { method: 'POST', headers: { ...auth(server.keys.platform), 'content-type': 'application/json' }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('answers a 64 KB header with a 4xx, not a crash', async () => {
    const reply = await rawExchange(server.port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    const status = Number(/^HTTP\/1\.1 (\d{3})/u.exec(reply)?.[1]);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect((await send('health after big header', '/health')).status).toBe(200);
  });

  it('keeps /health answering while 30 connections trickle their headers and bodies', async () => {
    // Prepare: slowloris headers and slow bodies, one byte every 100 ms
    const sockets = await Promise.all(Array.from({ length: 30 }, () => rawSocket(server.port)));
    sockets.forEach((s, i) => {
      s.on('error', () => undefined);
      s.write(
        i % 2 === 0
          ? 'GET /health HTTP/1.1\r\nHost: x\r\n'
          : `POST /verifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.keys.platform}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
      );
    });
    const trickle = setInterval(() => sockets.forEach((s) => s.write(' ')), 100);

    // Act
    const during: number[] = [];
    for (let i = 0; i < 20; i++) {
      during.push((await send('health during slowloris', '/health')).ms);
      await new Promise((r) => setTimeout(r, 100));
    }
    clearInterval(trickle);
    sockets.forEach((s) => s.destroy());

    // Assess
    expect(Math.max(...during)).toBeLessThan(100);
  });

  it('answers a flood (40 verifications, 20 malformed bodies, 6 bombs at once) without a 5xx', async () => {
    const { contentType, body } = unterminatedMultipart();
    const flood = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        send('flood verification', '/verifications', {
          method: 'POST',
          headers: { ...auth(server.keys.platform), 'content-type': 'application/json' },
          body: JSON.stringify({ fields: typedFields, sellerId: `flood-${i}` }),
        }),
      ),
      ...Array.from({ length: 20 }, () => rawMultipart('flood malformed', contentType, body)),
      ...(['path-operator-bomb', 'nul-bomb', 'operator-flood', 'pixel-bomb-pdf', 'path-operator-bomb', 'nul-bomb'] as const).map((n) => upload(`flood ${n}`, bomb(n).bytes, bomb(n).filename)),
    ]);
    expect(flood.filter((a) => a.status >= 500)).toStrictEqual([]);
    expect(flood.slice(0, 40).every((a) => a.status === 200)).toBe(true);
  }, 60_000);

  it('runs the ReDoS-shaped SELLER pattern on a 128-character seller id at once', async () => {
    const res = await send('redos seller', '/verifications', {
      method: 'POST',
      headers: { ...auth(server.keys.platform), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: typedFields, sellerId: 'a'.repeat(128) }),
    });
    expect(res.status).toBe(200);
    expect((res.body as { checks: Array<{ name: string; code: string }> }).checks.find((c) => c.name === 'fraud-patterns')).toMatchObject({ code: 'MATCHED_HIGH' });
    expect(res.ms).toBeLessThan(1_000);
  });

  it('logs and survives an exception and a rejection that escape every handler (the process guard)', async () => {
    server.child.send('escape');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.child.exitCode).toBeNull();
    expect((await send('health after escape', '/health')).status).toBe(200);
    expect(server.stderr()).toContain('[guard] uncaught exception');
    expect(server.stderr()).toContain('[guard] unhandled rejection');
  });

  it('never answered a 5xx, never missed a deadline, lost nothing, kept /health answering and stayed under 1.5 GB of RSS', async () => {
    // Act
    await Promise.all([probe.stop(), controlProbe.stop()]);
    const loop = await server.eventLoopDelay();
    const stored = await send('stored after', `/verifications/${before.verificationId}`, { headers: auth(server.keys.platform) });
    const patterns = await send('patterns after', '/fraud-patterns?kind=SELLER', { headers: auth(server.keys.investigator) });
    const rss = server.peakRss();
    const health = probe.latencies;
    const floor = controlProbe.latencies;
    const summary =
      `/health probes ${health.length}: median ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms; ` +
      `bare control server, same moments: median ${percentile(floor, 50).toFixed(1)} ms, max ${Math.max(...floor).toFixed(1)} ms; ` +
      `HTTP thread event-loop delay p99 ${loop.eventLoopDelayP99Ms.toFixed(1)} ms, max ${loop.eventLoopDelayMaxMs.toFixed(1)} ms`;
    console.info(
      `[hostile] ${answers.length} requests; ${summary}; server peak RSS ${(rss / 1024 ** 2).toFixed(0)} MB; slowest answer ${Math.max(...answers.map((a) => a.ms)).toFixed(0)} ms`,
    );

    const epoch = (at: number) => at - performance.timeOrigin;
    const during = (at: number, ms: number) => [...new Set(answers.filter((a) => a.at <= epoch(at) + ms && a.at + a.ms >= epoch(at)).map((a) => a.what))].join(', ');
    for (const st of loop.stalls) console.info(`[hostile] HTTP thread stalled ${st.ms.toFixed(0)} ms while: ${during(st.at, st.ms)}`);
    for (const gc of loop.pauses) console.info(`[hostile] HTTP thread GC pause ${gc.ms.toFixed(0)} ms (kind ${gc.kind}) while: ${during(gc.at, gc.ms)}`);
    const slowest = [...answers].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.info(`[hostile] slowest answers: ${slowest.map((a) => `${a.what} ${a.status} ${a.ms.toFixed(0)} ms`).join('; ')}`);
    for (const s of probe.slow) {
      const inFlight = [...new Set(answers.filter((a) => a.at <= s.at + s.ms && a.at + a.ms >= s.at).map((a) => a.what))];
      const near = controlProbe.samples.filter((c) => c.at <= s.at + s.ms && c.at + c.ms >= s.at).map((c) => c.ms);
      console.info(`[hostile] slow /health ${s.ms.toFixed(0)} ms (bare control at the same moment: ${near.length > 0 ? `${Math.max(...near).toFixed(0)} ms` : 'no sample'}) while: ${inFlight.join(', ')}`);
    }

    // Assess
    expect(answers.filter((a) => a.status >= 500).map((a) => `${a.what}: ${a.status}`)).toStrictEqual([]);
    expect(answers.filter((a) => a.ms > DEADLINE_MS).map((a) => `${a.what}: ${a.ms.toFixed(0)} ms`)).toStrictEqual([]);
    expect(server.child.exitCode).toBeNull();
    expect(stored).toMatchObject({ status: 200, body: before.verification as object });
    expect((patterns.body as { items: Array<{ id: string }> }).items.map((p) => p.id)).toContain(before.patternId);
    // Every probe answered (5 s cap), taken every 50 ms from the first request to the last.
    expect(probe.failures).toStrictEqual([]);
    expect(health.length).toBeGreaterThan(200);
    expect(rss).toBeLessThanOrEqual(1.5 * GB);
    healthSummary = summary;
  });

  it('kept every /health probe of the attack under 100 ms', () => {
    // Issue 14's bar, on every probe, not a percentile. The message says what a bare server
    // in its own process took at the same moments: the machine's own share of a slow probe.
    expect(probe.latencies.length).toBeGreaterThan(200);
    expect(Math.max(...probe.latencies), healthSummary).toBeLessThan(100);
  });
});
