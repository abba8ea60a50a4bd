/** action_ids of every interactive element we render. Listeners in slack/ register on these. */
export const ActionId = {
  NextPage: 'mirrors_page_next',
  PreviousPage: 'mirrors_page_previous',
  StartOver: 'mirrors_start_over',
  HomeRefresh: 'mirrors_home_refresh',
  HomeListRegion: 'mirrors_home_list_region',
  Details: 'mirrors_details',
  Share: 'mirrors_share',
} as const;

export type ActionIdValue = (typeof ActionId)[keyof typeof ActionId];
