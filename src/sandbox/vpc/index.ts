export * from './server';
export * from './dataset';
export * from './faults';
export * from './errors';
export { canonicalQuery, computeSignature, formatRpcTimestamp, percentEncode, signRpcParams, stringToSign } from './signature';
export { DEFAULT_MAX_RESULTS, MAX_SESSION_IDS, MAX_TAGS, matchesFilter, type SessionFilter, type TagFilter } from './list';
