export * from './dataset';
export { describeInstances, describeNetworkInterfaces, ECS_API_VERSION, OWNER_ID } from './ecs';
export * from './errors';
export * from './faults';
export { listTrafficMirrorFilters } from './filters';
export * from './inventory';
export {
  DEFAULT_MAX_RESULTS,
  MAX_SESSION_IDS,
  MAX_TAGS,
  matchesFilter,
  type SessionFilter,
  type TagFilter,
} from './list';
export * from './server';
export {
  canonicalQuery,
  computeSignature,
  formatRpcTimestamp,
  percentEncode,
  signRpcParams,
  stringToSign,
} from './signature';
