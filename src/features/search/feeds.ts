import type { Db } from '../../db/connection.ts';
import { rebuildFeed, type SearchFeed } from '../../platform/search/index.ts';
import { consultationSearchFeed } from '../consultations/indexing.ts';
import { contentSearchFeeds } from '../content/search-feed.ts';
import { cooperationSearchFeed } from '../cooperation/indexing.ts';
import { documentSearchFeed } from '../documents/indexing.ts';
import { meetingSearchFeed } from '../meetings/indexing.ts';
import { proposalSearchFeed } from '../proposals/indexing.ts';
import { indicatorSearchFeed } from '../statistics/search-feed.ts';
import { studyGroupSearchFeed } from '../study-groups/indexing.ts';

/**
 * Every feature's contribution to the search index, for rebuilding it from the data
 * (`npm run cli -- reindex`, and at start when the index is empty). A feature adds its feed here;
 * day to day it keeps its entries current itself with `indexEntry`/`removeFromIndex`.
 */
export const searchFeeds: SearchFeed[] = [
  ...contentSearchFeeds,
  indicatorSearchFeed,
  documentSearchFeed,
  consultationSearchFeed,
  cooperationSearchFeed,
  proposalSearchFeed,
  studyGroupSearchFeed,
  meetingSearchFeed,
];

export interface ReindexReport {
  types: string[];
  entries: number;
}

/** Rebuilds the whole index, one feed per transaction. */
export async function reindexAll(
  deps: { db: Db },
  feeds: SearchFeed[] = searchFeeds,
): Promise<ReindexReport[]> {
  const report: ReindexReport[] = [];
  for (const feed of feeds) {
    report.push({ types: feed.types, entries: await rebuildFeed(deps.db, feed) });
  }
  return report;
}
