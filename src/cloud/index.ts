/** The cloud side's public API. Knows nothing of Slack. */

export {
  chooseMethod,
  type ListCallOptions,
  listSessionsPage,
  MAX_PAGE_SIZE,
  type MethodSetting,
  toWireParams,
  VPC_API_VERSION,
} from './client';
export {
  type CredentialChain,
  type CredentialsProviderOptions,
  type CredentialsSetting,
  createCredentialsProvider,
  NO_CREDENTIALS_MESSAGE,
  type StaticKeys,
} from './credentials';
export { endpointOverrideProblem, hostNamesRegion, isValidRegionId, VPC_ENDPOINT_MAP, vpcEndpoint } from './endpoint';
export {
  type EniPage,
  type EniPageRequest,
  type EniRole,
  type EniStreamResult,
  listEniPage,
  mergeByRole,
} from './eni-lookup';
export { CloudError, CloudErrorCode, type CloudErrorDetails, isCloudError } from './errors';
export { FAN_OUT_CONCURRENCY, type FanOutOptions, fanOutRegions, type RegionOutcome } from './fan-out';
export { Limiter } from './limiter';
export {
  classifyFailure,
  type Failure,
  type FailureContext,
  LIST_ACTION,
  LIST_RAM_ACTION,
  mapError,
} from './map-error';
export {
  DEFAULT_FAILURE_TTL_MS,
  DEFAULT_OVERVIEW_CONCURRENCY,
  DEFAULT_OVERVIEW_TTL_MS,
  type GetOptions,
  OverviewCache,
  type OverviewCacheOptions,
} from './overview-cache';
export { parseCreationTime, parseSessionPage } from './parse';
export {
  createPopClient,
  type HttpMethod,
  type PopClient,
  type PopClientConfig,
  type PopClientFactory,
  type PopCredentials,
  type PopCredentialsProvider,
} from './pop-client';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, realTiming, type Timing, withRetry } from './retry';
export { DEFAULT_MAX_PAGES, listAllSessions, NEWEST_COUNT, type ScanOptions, summarize } from './scan';
export type { MirrorSession, PageRequest, RegionOverview, SessionPage, SessionSource, SessionTag } from './types';
export { type VpcServiceOptions, VpcSessionService } from './vpc-service';
