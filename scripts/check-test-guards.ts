/**
 * Checks that the tests which once could not fail (issue 9) fail now when
 * the behaviour they guard is removed: for each guard, it runs the test as
 * it is (it must pass), applies one small mutation to the source that
 * removes the guarded behaviour, runs the same test again (it must FAIL),
 * and restores the source — also on an error, Ctrl-C or kill.
 *
 *   npm run check:guards                 every guard
 *   npm run check:guards -- cdk-dlq      the guards whose name contains a word
 *
 * A mutation whose text is no longer in the source fails the guard (the code
 * moved: update the mutation), so that the script never passes by mutating
 * nothing. Exits 1 when any guard does not hold. Do not run it beside an
 * editor or a test watcher: it rewrites source files for a few seconds each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Guard {
  name: string;
  /** What the test guards, in a few words. */
  guards: string;
  test: string;
  /** Only the tests whose name matches (vitest -t). */
  only: string;
  /** The source file to mutate: each text to find (exactly once) and what to put instead. */
  file: string;
  edits: ReadonlyArray<{ find: string; replace: string }>;
}

const GUARDS: readonly Guard[] = [
  {
    name: 'cdk-dlq',
    guards: 'every event function has an SQS dead-letter queue (the test no longer returns early without one)',
    test: 'test/cdk/stack.test.ts',
    only: 'failed async invocations go to its SQS DLQ',
    file: 'cdk/constructs/functions.ts',
    edits: [{ find: 'const deadLetterQueue = spec.trigger\n', replace: 'const deadLetterQueue = spec.trigger && false\n' }],
  },
  {
    name: 'run-checks-genuine',
    guards: 'every check of the genuine report is PASS or SKIPPED (was arrayContaining([]))',
    test: 'test/unit/checks/run-checks.test.ts',
    only: 'gives every check of the genuine report PASS or SKIPPED',
    file: 'shared/checks/pdf-forensics.ts',
    edits: [{ find: "return r.pass(Codes.CLEAN, 'The PDF shows no sign of editing after creation.', evidence);", replace: "return r.warn(Codes.EDITING_TOOL, 'The PDF shows no sign of editing after creation.', evidence);" }],
  },
  {
    name: 'textract-cache-key',
    guards: 'the Textract cache writes the key it reads, on a real engine (was a mock fed its own Put)',
    test: 'test/unit/text/textract-result-cache.test.ts',
    only: 'writes pk TEXTRACT#<sha256>, sk RESULT on a real engine',
    file: 'shared/store/textract-result-cache.ts',
    edits: [{ find: '            ...textractResultKey(sha256),\n', replace: "            pk: 'TEXTRACT#elsewhere', sk: 'RESULT',\n" }],
  },
  {
    name: 'problem-detail',
    guards: "a problem's detail is asserted (problemOf no longer accepts any detail)",
    test: 'test/unit/http/verification-handlers.test.ts',
    only: 'refuses issuer keys, and fields without a report number',
    file: 'shared/http/error-map.ts',
    edits: [{ find: '      : error.message;', replace: "      : 'Something was wrong with the request.';" }],
  },
  {
    name: 'create-verification-whole-body',
    guards: 'the create-verification success case asserts the whole response (was toMatchObject)',
    test: 'test/unit/http/verification-handlers.test.ts',
    only: 'verifies typed-in fields and answers the whole verification',
    file: 'functions/create-verification/handler.ts',
    edits: [
      { find: 'return { body: await verifyReading(', replace: 'return { body: Object.assign(await verifyReading(' },
      { find: 'principal, { verificationId }) };', replace: "principal, { verificationId }), { debug: true }) };" },
    ],
  },
  {
    name: 'textract-sends-per-page',
    guards: 'under throttling Textract receives at most the configured sends per page (no retry on top of the SDK)',
    test: 'test/unit/text/textract-retries.test.ts',
    only: 'at most the configured attempts for a page',
    file: 'shared/text/textract.ts',
    edits: [{ find: '    return await call();\n', replace: '    return await call().catch(() => call());\n' }],
  },
  {
    name: 'batch-throws-after-last-round',
    guards: 'unprocessed BatchWrite items raise DependencyUnavailableError after the last round, never a silent drop',
    test: 'test/unit/store/batch.test.ts',
    only: 'throws DependencyUnavailableError after its last round',
    file: 'shared/store/batch.ts',
    edits: [{ find: "      throw new DependencyUnavailableError('dynamodb', `DynamoDB ${operation} left ${left.length} item(s) unprocessed after ${retry.attempts} rounds`);", replace: '      return;' }],
  },
  {
    name: 'public-suffix-keys',
    guards: 'QR_DOMAIN lookup keys stop at the registrable domain (never com.cn)',
    test: 'test/unit/checks/context.test.ts',
    only: 'never a public suffix',
    file: 'shared/domain/normalise.ts',
    edits: [{ find: "  const stop = labels.length - parsed.domain.split('.').length;", replace: '  const stop = labels.length - 2;' }],
  },
  {
    name: 'summary-copy',
    guards: "the summary names the decisive evidence from the check's own copy and typed evidence",
    test: 'test/unit/checks/verdict-policy.test.ts',
    only: 'names the decisive evidence in English and Chinese',
    file: 'shared/checks/validity.ts',
    edits: [{ find: "const ExpiryEvidence = z.object({ validUntil: z.string() });", replace: "const ExpiryEvidence = z.object({ validUntil: z.number() });" }],
  },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const originals = new Map<string, string>();

/** Puts every mutated file back as it was. Synchronous, so that it also runs on exit. */
const restoreAll = () => {
  for (const [file, text] of originals) writeFileSync(join(root, file), text);
  originals.clear();
};
process.on('exit', restoreAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    restoreAll();
    process.exit(130);
  });
}

interface Run {
  passed: number;
  failed: number;
  exitCode: number | null;
}

const runTest = (guard: Guard): Run => {
  const dir = mkdtempSync(join(tmpdir(), 'check-guards-'));
  const report = join(dir, 'report.json');
  try {
    const out = spawnSync('npx', ['vitest', 'run', guard.test, '-t', guard.only, '--reporter=json', `--outputFile=${report}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    let counts = { numPassedTests: 0, numFailedTests: 0 };
    try {
      counts = JSON.parse(readFileSync(report, 'utf8')) as typeof counts;
    } catch {
      // no report: the run broke before any test (e.g. a mutation that does not load); counted as failed below
      counts = { numPassedTests: 0, numFailedTests: out.status === 0 ? 0 : 1 };
    }
    return { passed: counts.numPassedTests, failed: counts.numFailedTests, exitCode: out.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const check = (guard: Guard): { ok: boolean; line: string } => {
  const path = join(root, guard.file);
  const source = readFileSync(path, 'utf8');
  for (const { find } of guard.edits) {
    const found = source.split(find).length - 1;
    if (found !== 1) return { ok: false, line: `a mutation's text is in ${guard.file} ${found} times (want 1): update the guard` };
  }

  const before = runTest(guard);
  if (before.exitCode !== 0 || before.passed === 0 || before.failed > 0) {
    return { ok: false, line: `the test does not pass as it is (${before.passed} passed, ${before.failed} failed): nothing to learn from a mutation` };
  }
  originals.set(guard.file, source);
  writeFileSync(path, guard.edits.reduce((text, { find, replace }) => text.replace(find, replace), source));
  let after: Run;
  try {
    after = runTest(guard);
  } finally {
    restoreAll();
  }
  const ok = after.exitCode !== 0 && after.failed > 0;
  return {
    ok,
    line: `unmutated ${before.passed} passed; mutated ${guard.file}: ${after.failed} failed, ${after.passed} passed → ${ok ? 'FAILS as it should' : 'STILL PASSES'}`,
  };
};

const words = process.argv.slice(2);
const selected = GUARDS.filter((g) => words.length === 0 || words.some((w) => g.name.includes(w)));
if (selected.length === 0) {
  console.error(`No guard matches ${words.join(', ')}. Guards: ${GUARDS.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
let broken = 0;
for (const guard of selected) {
  const started = Date.now();
  const { ok, line } = check(guard);
  if (!ok) broken++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${guard.name} (${guard.test}): ${guard.guards}\n     ${line} [${((Date.now() - started) / 1000).toFixed(0)} s]`);
}
console.log(`\n${selected.length - broken} of ${selected.length} guards hold.`);
process.exit(broken > 0 ? 1 : 0);
