import type { CliIo } from './command.ts';

/**
 * A progress bar on stderr: redrawn in place on a terminal, else one line at
 * every tenth of the work (logs stay readable).
 */
export const progressBar = (io: CliIo, total: number, unit: string) => {
  let done = 0;
  let lastTenth = -1;
  const started = Date.now();
  const draw = () => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit} (${rate.toFixed(1)}/s)`;
  };
  return {
    tick(n = 1): void {
      done += n;
      if (io.stderrIsTty) {
        io.stderr(`\r${draw()}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        io.stderr(`${draw()}\n`);
      }
    },
    finish(): void {
      if (io.stderrIsTty) io.stderr(`\r${draw()}\n`);
    },
  };
};
