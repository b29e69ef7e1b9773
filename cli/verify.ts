import { basename, resolve } from 'node:path';
import type { Principal } from '#shared/domain/api-key.ts';
import { DependencyUnavailableError, DomainError } from '#shared/domain/errors.ts';
import type { CheckResult, Verdict, Verification } from '#shared/domain/verification.ts';
import { parseFileArgs, stringOption, type CliIo, type Command } from './command.ts';
import { CliError, ExitCodes } from './exit-codes.ts';
import { readInputFile } from './extract.ts';

const usage = `Usage: certverify verify <file> [--seller ID] [--claimed-product TEXT] [--json]

Runs the whole pipeline on a PDF, PNG, JPEG or TIFF against the local store
(./.data, or the engine of a running \`npm start\`, or DYNAMODB_ENDPOINT) and
prints the verdict, the checks that did not pass and the field differences.
  --seller            the seller who uploaded it (reuse detection)
  --claimed-product   what the listing says the product is
  --json              print the same body as POST /verifications
Exit code: 0 AUTHENTIC, 1 SUSPICIOUS or UNVERIFIABLE, 2 FRAUDULENT, 64+ errors.`;

export const VerdictExitCodes: Record<Verdict, number> = { AUTHENTIC: 0, SUSPICIOUS: 1, UNVERIFIABLE: 1, FRAUDULENT: 2 };

/** The CLI verifies as a local platform principal. */
const CLI_PRINCIPAL: Principal = { role: 'platform', keyId: 'cli', platformId: 'cli' };

const MARK: Record<CheckResult['status'], string> = { PASS: 'ok  ', FAIL: 'FAIL', WARN: 'warn', SKIPPED: 'skip', ERROR: 'ERR ' };

export const formatVerification = (file: string, v: Verification): string => {
  const lines = [
    `${basename(file)}: ${v.verdict} (risk ${v.riskScore}/100)`,
    `  ${v.summary.en}`,
    `  ${v.summary.zh}`,
    '',
  ];
  const notable = v.checks.filter((c) => c.status !== 'PASS' && c.status !== 'SKIPPED');
  lines.push(notable.length ? 'Checks that did not pass:' : `All ${v.checks.filter((c) => c.status === 'PASS').length} applicable checks passed.`);
  for (const c of notable) lines.push(`  ${MARK[c.status]} ${c.name.padEnd(30)} ${c.code}: ${c.message}`);
  const diff = v.checks.find((c) => c.name === 'fields-match' && c.status === 'FAIL')?.evidence;
  if (Array.isArray(diff) && diff.length) {
    lines.push('', 'Field differences (printed vs registered):');
    for (const d of diff as Array<{ field: string; printed: unknown; registered: unknown }>) {
      lines.push(`  ${d.field.padEnd(18)} ${JSON.stringify(d.printed)}  ≠  ${JSON.stringify(d.registered)}`);
    }
  }
  lines.push('', `verificationId ${v.verificationId}  text from ${v.extracted.textSource}${v.document ? `  sha256 ${v.document.sha256}` : ''}`);
  return lines.join('\n');
};

export const command: Command = {
  name: 'verify',
  summary: 'verify a report or certificate against the local registry',
  usage,
  async run(argv: string[], io: CliIo) {
    const parsed = parseFileArgs(
      argv,
      { seller: { type: 'string' }, 'claimed-product': { type: 'string' }, json: { type: 'boolean', default: false } },
      usage,
    );
    if (parsed.help) {
      io.stdout(`${usage}\n`);
      return ExitCodes.OK;
    }
    const { file } = parsed;
    const bytes = await readInputFile(file);

    const [{ openLocalStore }, { readDocument }, { verifyReading }] = await Promise.all([
      import('#local/local-store.ts'),
      import('#shared/services/read-document.ts'),
      import('#shared/services/verify-document.ts'),
    ]);
    const store = await openLocalStore(resolve(io.env.CERTVERIFY_DATA_DIR ?? '.data'), io.env);
    let verification: Verification;
    try {
      const reading = await readDocument(store.deps.ocr, bytes, {
        filename: basename(file),
        onProgress: (e) => {
          if (e.pages > 1) io.stderr(`${e.stage === 'render' ? 'rendering' : `OCR (${e.engine})`} page ${e.page}/${e.pages}\n`);
        },
      });
      const seller = stringOption(parsed.values, 'seller');
      const claimed = stringOption(parsed.values, 'claimed-product');
      const submission = { ...(seller ? { sellerId: seller } : {}), ...(claimed ? { claimedProduct: claimed } : {}) };
      verification = await verifyReading(store.deps, reading, submission, CLI_PRINCIPAL);
    } catch (error) {
      if (error instanceof DependencyUnavailableError) throw new CliError(`${error.message} (${error.code})`, ExitCodes.UNAVAILABLE);
      if (error instanceof DomainError) throw new CliError(`${file}: ${error.message} (${error.code})`, ExitCodes.DATA_ERROR);
      throw error;
    } finally {
      await store.close();
    }
    io.stdout(parsed.values.json ? `${JSON.stringify(verification, null, 2)}\n` : `${formatVerification(file, verification)}\n`);
    return VerdictExitCodes[verification.verdict];
  },
};
