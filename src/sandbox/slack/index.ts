/** The Slack stand-in: a local Slack for the sandbox console and for tests. */
export { startSlackStandIn } from './server';
export { slackSignature, signedHeaders } from './signing';
export { flattenBlockText } from './json';
export { basicBlockCheck } from './blocks';
export { findInteractive } from './interactions';
export { CHANNEL_IDS, DEFAULT_SHORTCUTS, DEFAULT_USER_ID, OTHER_USER_ID, TEAM } from './state';
export { ClientRule } from './view-state';
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
  ResponseUrlUse,
  Notice,
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
