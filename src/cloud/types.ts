import type { SessionFilters } from '../query/types';

export interface SessionTag {
  key: string;
  value: string;
}

/** One traffic mirror session, normalised from the API's response. Every field of the API doc is kept. */
export interface MirrorSession {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  priority: number | undefined;
  vni: number | undefined;
  packetLength: number | undefined;
  targetId: string;
  /** 'NetworkInterface' | 'SLB' in practice; kept as a string so a new type is shown, not dropped. */
  targetType: string;
  filterId: string;
  sourceIds: string[];
  /** Creating | Created | Modifying | Deleting */
  status: string;
  /** Normal | FinancialLocked */
  businessStatus: string;
  resourceGroupId: string;
  tags: SessionTag[];
  /** As the API sent it, e.g. "2023-09-05T15:26Z". */
  creationTimeRaw: string;
  /** Parsed creation time, when the API's text could be parsed. */
  createdAt: Date | undefined;
}

/** One page of ListTrafficMirrorSessions. */
export interface SessionPage {
  region: string;
  sessions: MirrorSession[];
  /** TotalCount, whether the API sent it as a string or a number; undefined when absent or unparsable. */
  totalCount: number | undefined;
  /** Undefined on the last page (the API sends it empty or leaves it out). */
  nextToken: string | undefined;
  requestId: string | undefined;
}

export interface PageRequest {
  region: string;
  filters: SessionFilters;
  maxResults: number;
  nextToken?: string;
}

/** What the Slack side needs from the cloud side. Listeners depend on this, tests can fake it. */
export interface SessionSource {
  listPage(request: PageRequest, signal?: AbortSignal): Promise<SessionPage>;
}

/** What App Home shows for one region: counts from a full scan, or why the scan failed. */
export type RegionOverview =
  | {
      region: string;
      ok: true;
      total: number;
      enabled: number;
      disabled: number;
      /** Count per TrafficMirrorSessionStatus (Created, Creating, …). */
      byStatus: Record<string, number>;
      /** Every FinancialLocked session (their owners must act). */
      financialLocked: MirrorSession[];
      /** Every session in a state other than Created (being created, changed or deleted; or unknown). */
      notCreated: MirrorSession[];
      /** The newest few sessions, newest first. */
      newest: MirrorSession[];
      /**
       * Every tag key and every ENI (source or target) the scan saw: what lets an empty answer say "did you mean
       * FinanceDept?" or "this ENI is in no session anywhere", without another API call.
       */
      tagKeys?: string[];
      enis?: string[];
      scannedAt: Date;
    }
  | { region: string; ok: false; error: import('./errors').CloudError; scannedAt: Date };
