export { canonicalText, cliLine, describeFilters } from './describe';
export { KEYS } from './filters';
export { parseCommand } from './parse';
export { isRegionId } from './rules';
export * from './types';
