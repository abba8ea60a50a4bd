export {
  AccountsConfigError,
  type AccountsResult,
  CONFIG_VARIABLE,
  checkConfigFile,
  checkConfigRequest,
  DEFAULT_CONFIG_FILE,
  envRegions,
  loadAccounts,
  loadAccountsOrThrow,
  parseAccountsConfig,
  readAccountsFile,
} from './config-file';
export * from './model';
