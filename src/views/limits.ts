/**
 * The one place that knows Slack's Block Kit limits (from Slack's Block Kit reference). text.ts cuts text to
 * them; validate.ts checks whole surfaces against them.
 */

/** Blocks in a message. */
export const MESSAGE_BLOCKS_MAX = 50;
/** Blocks in a modal view. */
export const MODAL_BLOCKS_MAX = 100;
/** Blocks in the App Home tab. */
export const HOME_BLOCKS_MAX = 100;
/** All text of a message's blocks together (`msg_blocks_too_long`; undocumented, "about" this many). */
export const MESSAGE_TEXT_MAX = 12_000;
/**
 * What builders aim for: the message text limit is undocumented and approximate, so layouts keep a margin below it.
 * validateMessage enforces MESSAGE_TEXT_MAX; builders pick layouts that stay within this budget.
 */
export const MESSAGE_TEXT_BUDGET = 11_500;
/** A whole view (modal / home), serialised (`view_too_large`, about 250 kB). */
export const VIEW_BYTES_MAX = 250_000;
/** Section `text`: 1-3000 characters. */
export const SECTION_TEXT_MAX = 3000;
/** Section `fields`: at most 10, each at most 2000 characters. */
export const SECTION_FIELDS_MAX = 10;
export const SECTION_FIELD_TEXT_MAX = 2000;
/** Header text (plain_text). */
export const HEADER_TEXT_MAX = 150;
/** Elements in a context block. */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Any other text object (context elements, …): Slack's general text object limit. */
export const TEXT_OBJECT_MAX = 3000;
/** Elements in an actions block. */
export const ACTIONS_ELEMENTS_MAX = 25;
/** Button text (about 30 show), value and url. */
export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const BUTTON_URL_MAX = 3000;
/** `action_id` and `block_id`; block_id must also be unique within a message or view. */
export const ACTION_ID_MAX = 255;
export const BLOCK_ID_MAX = 255;
/** static_select options, option text and option value. */
export const SELECT_OPTIONS_MAX = 100;
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;
/** Overflow menu: 2-5 options. */
export const OVERFLOW_OPTIONS_MAX = 5;
/** Placeholder text of selects. */
export const PLACEHOLDER_TEXT_MAX = 150;
/** View `private_metadata`. */
export const PRIVATE_METADATA_MAX = 3000;
/** Image alt_text / image_url. */
export const ALT_TEXT_MAX = 2000;
export const IMAGE_URL_MAX = 3000;

/** Modal title, close and submit texts: plain_text, at most 24 characters (views.open answers invalid_arguments). */
export const MODAL_TITLE_MAX = 24;

export type SurfaceKind = 'message' | 'modal' | 'home';

export function blocksMax(kind: SurfaceKind): number {
  return kind === 'message' ? MESSAGE_BLOCKS_MAX : kind === 'modal' ? MODAL_BLOCKS_MAX : HOME_BLOCKS_MAX;
}
