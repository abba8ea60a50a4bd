export {
  AccountsConfigError,
  checkConfigFile,
  checkConfigRequest,
  envRegions,
  loadAccounts,
  loadAccountsOrThrow,
  parseAccountsConfig,
} from './config-file';
export * from './model';
