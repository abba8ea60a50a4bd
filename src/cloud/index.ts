/** The cloud side's public API. Knows nothing of Slack. */
export type { MirrorSession, PageRequest, RegionOverview, SessionPage, SessionSource, SessionTag } from './types';
export { CloudError, CloudErrorCode, isCloudError, type CloudErrorDetails } from './errors';
export { VPC_ENDPOINT_MAP, endpointOverrideProblem, hostNamesRegion, isValidRegionId, vpcEndpoint } from './endpoint';
export {
  NO_CREDENTIALS_MESSAGE,
  createCredentialsProvider,
  type CredentialChain,
  type CredentialsProviderOptions,
  type CredentialsSetting,
  type StaticKeys,
} from './credentials';
export {
  MAX_PAGE_SIZE,
  VPC_API_VERSION,
  chooseMethod,
  listSessionsPage,
  toWireParams,
  type ListCallOptions,
  type MethodSetting,
} from './client';
export { LIST_ACTION, LIST_RAM_ACTION, classifyFailure, mapError, type Failure, type FailureContext } from './map-error';
export { DEFAULT_RETRY_POLICY, realTiming, withRetry, type RetryPolicy, type Timing } from './retry';
export { parseCreationTime, parseSessionPage } from './parse';
export { DEFAULT_MAX_PAGES, NEWEST_COUNT, listAllSessions, summarize, type ScanOptions } from './scan';
export {
  DEFAULT_FAILURE_TTL_MS,
  DEFAULT_OVERVIEW_CONCURRENCY,
  DEFAULT_OVERVIEW_TTL_MS,
  OverviewCache,
  type GetOptions,
  type OverviewCacheOptions,
} from './overview-cache';
export { VpcSessionService, type VpcServiceOptions } from './vpc-service';
export {
  createPopClient,
  type HttpMethod,
  type PopClient,
  type PopClientConfig,
  type PopClientFactory,
  type PopCredentials,
  type PopCredentialsProvider,
} from './pop-client';
export { Limiter } from './limiter';
export { FAN_OUT_CONCURRENCY, fanOutRegions, type FanOutOptions, type RegionOutcome } from './fan-out';
export { listEniPage, mergeByRole, type EniPage, type EniPageRequest, type EniRole, type EniStreamResult } from './eni-lookup';
