/** The shapes of the ids and names the config file holds. Pure; shared by validation and tests. */

export const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;
/** `acs:ram::<16-digit account id>:role/<name>`; RAM role names are 1-64 letters, digits, `.` and `-`. */
export const ROLE_ARN = /^acs:ram::\d{16}:role\/[A-Za-z0-9.-]{1,64}$/;
/** Slack ids: a kind letter, then upper-case letters and digits. `W` is an Enterprise Grid user. */
export const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;
export const USERGROUP_ID = /^S[A-Z0-9]{2,20}$/;
/** Words a rule may use in `channels` besides ids. */
const CHANNEL_WORDS = ['dm', 'home'] as const;
export type ChannelWord = (typeof CHANNEL_WORDS)[number];

export function isChannelWord(value: string): value is ChannelWord {
  return (CHANNEL_WORDS as readonly string[]).includes(value);
}
