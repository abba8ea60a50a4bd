/** Block Kit builders: pure, data in, blocks out. The only place that knows Slack's limits (limits.ts). */

export * from './access';
export * from './action-ids';
export * from './cli';
export * from './console-links';
export * from './errors';
export * from './help';
export * from './home';
export * from './host';
export * from './limits';
export * from './lookup';
export * from './multi-region';
export * from './query-builder';
export * from './rate-limit';
export * from './session-details';
export * from './session-list';
export * from './share';
export * from './surface';
export * from './text';
export * from './validate';
