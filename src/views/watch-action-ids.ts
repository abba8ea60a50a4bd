/** action_ids of the watch messages (kept apart from action-ids.ts, which the list views own). */
export const WatchActionId = {
  /** A watch list's Remove button; the value is the watch id, signed (slack/guard/button-values.ts). */
  Remove: 'mirrors_watch_remove',
  /** A list's "Watch this query" button; the value is the list's region and query, signed. */
  WatchQuery: 'mirrors_watch_query',
  /** A change notification's "List sessions" button; the value is the watch's region and query, signed. */
  ListQuery: 'mirrors_watch_list_query',
} as const;
