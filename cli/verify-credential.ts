import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CredentialEvidence } from '#shared/domain/credential-evidence.ts';
import type { CheckResult } from '#shared/domain/verification.ts';
import type { CliIo, Command } from './command.ts';
import { CliError, ExitCodes, UsageError } from './exit-codes.ts';

const usage = `Usage: certverify verify-credential <vc+jwt | passport URL | file> [--did FILE] [--status-list FILE]… [--cache DIR] [--offline] [--json]

Checks a digital passport: the signature with the issuer's did:web keys, the
validity period, and the revocation and suspension bits of its status lists,
then prints what it attests. The did.json and the status lists come from the
files given, else from the cache (default ~/.cache/certverify), else from
their URLs (and are cached). With --offline nothing is fetched.
  --did           a did.json to verify with (repeatable)
  --status-list   a status list credential (vc+jwt) to read the bits from (repeatable)
  --cache         the cache directory
  --offline       never fetch; use the files and the cache only
  --json          print { result, evidence }
Exit code: 0 valid, 1 suspended or not decidable (a list or key missing), 2 invalid or revoked, 64+ errors.`;

const LABELS: Array<[keyof CredentialEvidence['attested'], string]> = [
  ['reportNumber', 'Report number / 报告编号'],
  ['issuerName', 'Issuer / 出具机构'],
  ['productName', 'Product / 产品名称'],
  ['model', 'Model / 型号规格'],
  ['client', 'Client / 委托单位'],
  ['manufacturer', 'Manufacturer / 生产单位'],
  ['standards', 'Standards / 检验依据'],
  ['conclusion', 'Conclusion / 检验结论'],
  ['issueDate', 'Issue date / 签发日期'],
  ['validUntil', 'Valid until / 有效期至'],
  ['documentSha256', 'Document sha256'],
];

/** The credential in an argument: a JWS itself, a passport URL (fetched as application/vc+jwt), or a file holding either or a JSON passport. */
const credentialOf = async (arg: string, offline: boolean): Promise<string> => {
  const text = arg.trim();
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text)) return text;
  if (/^https?:\/\//i.test(text)) {
    if (offline) throw new UsageError('a passport URL needs a fetch; pass the credential itself (or a file) with --offline');
    const res = await fetch(text, { headers: { accept: 'application/vc+jwt' }, signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => {
      throw new CliError(`${text}: ${e instanceof Error ? e.message : String(e)}`, ExitCodes.UNAVAILABLE);
    });
    if (!res.ok) throw new CliError(`${text} answered ${res.status}: not a passport of that deployment`, ExitCodes.DATA_ERROR);
    return (await res.text()).trim();
  }
  const content = (await readFile(text, 'utf8').catch(() => {
    throw new CliError(`cannot read ${text}`, ExitCodes.NO_INPUT);
  })).trim();
  if (content.startsWith('{')) {
    const json = JSON.parse(content) as { credential?: unknown; passport?: { credential?: unknown } };
    const jws = json.credential ?? json.passport?.credential;
    if (typeof jws === 'string') return jws.trim();
    throw new CliError(`${text} holds JSON without a "credential"`, ExitCodes.DATA_ERROR);
  }
  return content;
};

const EXIT: Record<CheckResult['status'], number> = { PASS: 0, WARN: 1, ERROR: 1, SKIPPED: 1, FAIL: 2 };

export const formatCredential = (result: CheckResult, evidence: CredentialEvidence): string => {
  const lines = [`${result.status === 'PASS' ? 'VALID' : result.code} (${result.status})`, `  ${result.message}`, ''];
  if (evidence.signature !== 'valid') lines.push('Claimed (NOT verified):');
  else lines.push('Attested / 证明内容:');
  for (const [key, label] of LABELS) {
    const value = evidence.attested[key];
    if (value !== undefined) lines.push(`  ${label.padEnd(28)} ${Array.isArray(value) ? value.join('; ') : String(value)}`);
  }
  lines.push('', `status: revocation ${evidence.status.revocation}, suspension ${evidence.status.suspension}${evidence.kid ? `  key ${evidence.kid}` : ''}`);
  return lines.join('\n');
};

export const command: Command = {
  name: 'verify-credential',
  summary: 'check a digital passport offline (signature, validity, status list)',
  usage,
  async run(argv: string[], io: CliIo) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          did: { type: 'string', multiple: true },
          'status-list': { type: 'string', multiple: true },
          cache: { type: 'string' },
          offline: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (error) {
      throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    }
    if (parsed.values.help) {
      io.stdout(`${usage}\n`);
      return ExitCodes.OK;
    }
    const [input, ...extra] = parsed.positionals;
    if (!input) throw new UsageError(`missing <vc+jwt | passport URL | file>\n\n${usage}`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"\n\n${usage}`);
    const offline = parsed.values.offline === true;
    const [{ offlineResolvers }, { verifyCredential }, { credential: check, credentialOnlyContext }, { runCheck }] = await Promise.all([
      import('#shared/passport/offline-resolvers.ts'),
      import('#shared/passport/verify.ts'),
      import('#shared/checks/credential.ts'),
      import('#shared/checks/run-checks.ts'),
    ]);
    const readAll = (files: string[] | undefined) => Promise.all((files ?? []).map((f) => readFile(f, 'utf8').then((t) => t.trim())));
    const resolvers = offlineResolvers({
      didDocuments: (await readAll(parsed.values.did)).map((t) => JSON.parse(t) as never),
      statusLists: await readAll(parsed.values['status-list']),
      cacheDir: parsed.values.cache ?? io.env.CERTVERIFY_CACHE_DIR ?? join(homedir(), '.cache', 'certverify'),
      offline,
    });
    const evidence = await verifyCredential(await credentialOf(input, offline), resolvers, 'credential');
    const result = runCheck(check, credentialOnlyContext(evidence));
    io.stdout(parsed.values.json ? `${JSON.stringify({ result, evidence }, null, 2)}\n` : `${formatCredential(result, evidence)}\n`);
    return EXIT[result.status];
  },
};
