/**
 * The last line of defence of the long-running local runtime: an error that
 * escapes every handler (an 'error' event nobody listens to, a rejected
 * promise nobody awaits) is logged and the process keeps serving. Request
 * parsing and the document sandbox are built so that nothing should reach
 * this; the hostile suite proves that the process survives if something does.
 */
export interface ProcessGuard {
  /** How many errors it has caught since it was installed. */
  readonly caught: number;
  uninstall(): void;
}

export const installProcessGuard = (log: (message: string, error: unknown) => void = (m, e) => console.error(m, e)): ProcessGuard => {
  let caught = 0;
  const onException = (error: unknown) => {
    caught++;
    log('uncaught exception (the process keeps serving)', error);
  };
  const onRejection = (reason: unknown) => {
    caught++;
    log('unhandled rejection (the process keeps serving)', reason);
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    get caught() {
      return caught;
    },
    uninstall: () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
};
