export { canonicalText, cliLine, describeFilters } from './describe';
export { parseCommand } from './parse';
export { isRegionId, KEYS } from './rules';
export * from './types';
