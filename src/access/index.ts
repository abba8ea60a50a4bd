export { AUDIT_OUTCOMES, AUDIT_SURFACES, type AuditEvent, auditLine, createAuditSink } from './audit';
export { type ChannelKind, decide, type UsergroupsOf } from './decide';
export { requiredScopes } from './scopes';
export { cachedUsergroups, USERGROUP_TTL_MS } from './usergroups';
export { scopesOf, visibleScopes } from './visible';
