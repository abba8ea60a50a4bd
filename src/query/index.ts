export { canonicalText, cliLines, describeFilters } from './describe';
export { parseCommand } from './parse';
export { isRegionId } from './rules';
export * from './types';
