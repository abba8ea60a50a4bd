/** action_ids of the watch messages (kept apart from action-ids.ts, which the list views own). */
export const WatchActionId = {
  /** A watch list's Remove button; the value is the watch id. */
  Remove: 'mirrors_watch_remove',
  /** A change notification's "List sessions" button; the value is whatever the listener needs to rerun the query. */
  ListQuery: 'mirrors_watch_list_query',
} as const;
