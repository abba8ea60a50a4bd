/**
 * The typed result of the config file (MIRRORS_CONFIG): the accounts the bot may read, who may ask what, and where
 * the audit goes. Built and validated by config-file.ts; everything else only reads it.
 */

/** The account a command without `account:` uses when no config file declares any. */
export const DEFAULT_ACCOUNT_NAME = 'default';

export interface Account {
  /** `[a-z0-9-]{1,32}`: what `account:NAME` names. */
  readonly name: string;
  /** Assumed with STS AssumeRole from the base credentials; absent = the base credentials themselves. */
  readonly roleArn?: string;
  /** Home and `all` for this account (the file's list, or MIRRORS_REGIONS). */
  readonly regions: readonly string[];
  /** Exactly one account is the default. */
  readonly default: boolean;
}

/** One rule of `access:`. An absent field matches anything; a present one must contain the request's value. */
export interface AccessRule {
  /** Quoted when a request is refused: the file's `name`, or `access[N]` when it has none. */
  readonly name: string;
  /** Channel ids, plus `dm` (DMs with the app) and `home` (App Home). */
  readonly channels?: readonly string[];
  /** User ids. With `usergroups`, a user matches when listed in either. */
  readonly users?: readonly string[];
  /** User group ids, resolved with usergroups.users.list. */
  readonly usergroups?: readonly string[];
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

export interface Accounts {
  /** At least one; the default one among them. */
  readonly accounts: readonly Account[];
  /** Absent when the file has no `access:`: everyone who can use the app may ask every account. */
  readonly rules?: readonly AccessRule[];
  readonly audit: { readonly channel?: string };
  /** Where this came from, for start-up logs: a path, or undefined for the built-in single account. */
  readonly source?: string;
}

export function defaultAccount(accounts: Accounts): Account {
  const found = accounts.accounts.find((a) => a.default) ?? accounts.accounts[0];
  if (!found) throw new Error('Accounts without any account: the config file validation should have refused it.');
  return found;
}

/** Today's behaviour without a config file: the base credentials as one account, "default". */
export function singleAccount(regions: readonly string[]): Accounts {
  return { accounts: [{ name: DEFAULT_ACCOUNT_NAME, regions: [...regions], default: true }], audit: {} };
}
