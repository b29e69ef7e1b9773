import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.ts';
import type { ExitCode } from './exit-codes.ts';

/** What a command writes to; injectable so that tests capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** true when stderr is a terminal (progress may redraw one line) */
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** One line for the global help. */
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<ExitCode>;
}

type Values = Record<string, string | boolean | undefined>;
type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with --help, strict options and positionals; a parse error is a usage error (exit 64). */
const parseCommandLine = (argv: string[], options: Options, usage: string): { help: true } | { help: false; positionals: string[]; values: Values } => {
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  if (parsed.values.help === true) return { help: true };
  return { help: false, positionals: parsed.positionals, values: parsed.values as Values };
};

/**
 * Parses `<file> [options]` for a command: a usage error (exit 64) for an
 * unknown option, a missing file or an extra argument; `help: true` when
 * --help was asked for (the caller prints the usage and exits 0).
 */
export const parseFileArgs = (argv: string[], options: Options, usage: string): { help: true } | { help: false; file: string; values: Values } => {
  const parsed = parseCommandLine(argv, options, usage);
  if (parsed.help) return parsed;
  const [file, ...extra] = parsed.positionals;
  if (!file) throw new UsageError(`missing <file>\n\n${usage}`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"\n\n${usage}`);
  return { help: false, file, values: parsed.values };
};

/** A string option's value (parseArgs typed it already; this narrows the record). */
export const stringOption = (values: Record<string, string | boolean | undefined>, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

/** Like parseFileArgs, for commands that take one or more files. */
export const parseFilesArgs = (argv: string[], options: Options, usage: string): { help: true } | { help: false; files: string[]; values: Values } => {
  const parsed = parseCommandLine(argv, options, usage);
  if (parsed.help) return parsed;
  if (parsed.positionals.length === 0) throw new UsageError(`missing <file>\n\n${usage}`);
  return { help: false, files: parsed.positionals, values: parsed.values };
};

/** A positive integer option, or a usage error. */
export const positiveIntOption = (values: Record<string, string | boolean | undefined>, name: string, usage: string): number | undefined => {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--${name} must be a whole number from 1 to 256\n\n${usage}`);
  return n;
};
