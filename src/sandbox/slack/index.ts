/** The Slack stand-in: a local Slack for the sandbox console and for tests. */

export { basicBlockCheck } from './blocks';
export { findInteractive } from './interactions';
export { flattenBlockText } from './json';
export { startSlackStandIn } from './server';
export { signedHeaders, slackSignature } from './signing';
export { CHANNEL_IDS, DEFAULT_SHORTCUTS, DEFAULT_USER_ID, OTHER_USER_ID, TEAM } from './state';
export type {
  ActionDelivery,
  ActorOptions,
  ApiCallRecord,
  BlockValidator,
  CommandDelivery,
  CommandOptions,
  Delivery,
  DeliveryKind,
  GlobalShortcut,
  InjectedApiError,
  InteractionRef,
  MentionDelivery,
  MentionOptions,
  MessageFilter,
  MessageSource,
  ModalInputValue,
  ModalInputValues,
  Notice,
  ResponseUrlUse,
  SandboxChannel,
  SandboxUser,
  ShortcutDelivery,
  ShortcutOptions,
  SlackStandIn,
  SlackStandInOptions,
  StandInEvent,
  StoredMessage,
  StoredView,
  SurfaceKind,
} from './types';
export { ClientRule } from './view-state';
