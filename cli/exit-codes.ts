/** sysexits.h, as `certverify` uses them. 0–2 are verdicts for `verify` (API.md). */
export const ExitCodes = {
  OK: 0,
  USAGE: 64,
  DATA_ERROR: 65,
  NO_INPUT: 66,
  UNAVAILABLE: 69,
  SOFTWARE: 70,
} as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes] | number;

/** A failure the user can act on: printed as `certverify: <message>` with the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCodes.USAGE);
    this.name = 'UsageError';
  }
}
