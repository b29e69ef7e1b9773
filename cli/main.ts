import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CliIo, Command } from './command.ts';
import { CliError, ExitCodes, UsageError, type ExitCode } from './exit-codes.ts';

/**
 * The subcommands, loaded lazily so that `certverify extract` never loads the store.
 * To add one, create cli/<name>.ts exporting `command: Command` and register it here, e.g.
 *   verify: () => import('./verify.ts').then((m) => m.command),
 */
export const commands: Record<string, () => Promise<Command>> = {
  extract: () => import('./extract.ts').then((m) => m.command),
  verify: () => import('./verify.ts').then((m) => m.command),
  'verify-credential': () => import('./verify-credential.ts').then((m) => m.command),
  register: () => import('./register.ts').then((m) => m.command),
  'backfill-review-queue': () => import('./backfill-review-queue.ts').then((m) => m.command),
};

export const globalUsage = async (): Promise<string> => {
  const loaded = await Promise.all(Object.values(commands).map((load) => load()));
  return [
    'Usage: certverify <command> [options]',
    '',
    'Commands:',
    ...loaded.map((c) => `  ${c.name.padEnd(18)} ${c.summary}`),
    '',
    'Run `certverify <command> --help` for the options of a command.',
  ].join('\n');
};

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export const runCli = async (argv: string[], io: CliIo): Promise<ExitCode> => {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const usage = await globalUsage();
      if (name === undefined) {
        io.stderr(`${usage}\n`);
        return ExitCodes.USAGE;
      }
      io.stdout(`${usage}\n`);
      return ExitCodes.OK;
    }
    const load = commands[name];
    if (!load) throw new UsageError(`unknown command "${name}"\n\n${await globalUsage()}`);
    return await (await load()).run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`certverify: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`certverify: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCodes.SOFTWARE;
  }
};

export const processIo = (): CliIo => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY),
  env: process.env,
});

/** Run when started as bin/certverify.js (directly or through a node_modules/.bin link) or as `tsx cli/main.ts`. */
const isEntryPoint = (): boolean => {
  const entry = process.argv[1];
  if (!entry) return false;
  let real: string;
  try {
    real = realpathSync(entry);
  } catch {
    return false;
  }
  const url = pathToFileURL(real).href;
  return url === import.meta.url || url === new URL('../bin/certverify.js', import.meta.url).href;
};

if (isEntryPoint()) {
  const code = await runCli(process.argv.slice(2), processIo());
  // Let stdout drain, then exit: the OCR worker must not keep the process alive.
  process.exitCode = code;
  const [{ shutdownSharedTesseract }, { shutdownSharedPaddle }] = await Promise.all([
    import('#shared/text/tesseract.ts'),
    import('#shared/text/paddle.ts'),
  ]);
  await Promise.all([shutdownSharedTesseract(), shutdownSharedPaddle()]);
}
