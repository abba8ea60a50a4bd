export * from './dataset';
export * from './errors';
export * from './faults';
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
