/** Block Kit builders: pure, data in, blocks out. The only place that knows Slack's limits (limits.ts). */
export * from './action-ids';
export * from './limits';
export {
  COMPACT_LEGEND,
  DEFAULT_COMMAND,
  dateToken,
  relativeTime,
  utcText,
} from './format';
export * from './session-list';
export * from './session-details';
export * from './help';
export * from './errors';
export * from './home';
export * from './console-links';
export * from './share';
export * from './query-builder';
export * from './multi-region';
export * from './cli';
