/**
 * The seam for the access policy (issue 11): who may watch what, asked when a watch is made and again before every
 * notification. Until a policy is configured everyone may, which is what the bot allowed before watches existed:
 * anyone who can run `/mirrors` can list the same sessions.
 */
import type { Watch } from './types';

export interface WatchAccess {
  /** Undefined to allow, or the reason (in words for the channel) that this watch may not be made. */
  mayCreate(watch: Watch): Promise<string | undefined>;
  /** Undefined to go ahead, or the reason the watch pauses instead of notifying (said once in the channel). */
  mayNotify(watch: Watch): Promise<string | undefined>;
}

export const allowAllWatches: WatchAccess = {
  mayCreate: async () => undefined,
  mayNotify: async () => undefined,
};
