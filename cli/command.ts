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
