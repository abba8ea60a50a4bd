export {
  AUDIT_OUTCOMES,
  AUDIT_SURFACES,
  type AuditEvent,
  type AuditOutcome,
  type AuditSink,
  type AuditSinkOptions,
  type AuditSurface,
  auditLine,
  createAuditSink,
} from './audit';
export {
  type AccessRequest,
  type ChannelKind,
  coversScope,
  type Decision,
  decide,
  matchesChannel,
  type Refusal,
  type UsergroupsOf,
  usergroupsInRules,
} from './decide';
export { requiredScopes } from './scopes';
export {
  cachedUsergroups,
  type ListUsergroupMembers,
  USERGROUP_TTL_MS,
  type UsergroupCacheOptions,
} from './usergroups';
export { type Scope, scopesOf, type Viewer, type Visible, visibleScopes } from './visible';
