import type { Logger } from './log';

/**
 * A promise nobody awaited that rejects would end the process (Node's default since 15). One request must not
 * take the bot down for everyone, so the running bot logs it and keeps serving. Installed by main.ts only:
 * tests build the app without it, so there an unhandled rejection still fails the run.
 */
export function keepServingOnUnhandledRejection(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    // The name and message only (scrubbed by the logger): a stack names files, and messages from pop-core hold URLs.
    const error = reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason;
    logger.error('unhandled rejection (kept serving)', { error });
  });
}
