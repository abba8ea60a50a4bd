export { parseCommand } from './parse';
export { canonicalText, cliLine, describeFilters } from './describe';
export { isRegionId, KEYS } from './rules';
export * from './types';
