import type { Selectable } from 'kysely';
import type {
  ProposalCommentsTable,
  ProposalDecisionsTable,
  ProposalStatus,
  ProposalSupportsTable,
  ProposalsTable,
} from '../../db/schema.ts';

export type Proposal = Selectable<ProposalsTable>;
export type ProposalSupport = Selectable<ProposalSupportsTable>;
export type ProposalComment = Selectable<ProposalCommentsTable>;
export type ProposalDecision = Selectable<ProposalDecisionsTable>;
export type { ProposalStatus };

export const PROPOSAL_STATUSES: readonly ProposalStatus[] = [
  'submitted',
  'under_evaluation',
  'accepted',
  'not_accepted',
];
/** The official answers the Secretariat may give. */
export const DECISIONS = ['accepted', 'not_accepted', 'under_evaluation'] as const;
export type Decision = (typeof DECISIONS)[number];

export function isProposalStatus(v: unknown): v is ProposalStatus {
  return typeof v === 'string' && (PROPOSAL_STATUSES as readonly string[]).includes(v);
}

export function isDecision(v: unknown): v is Decision {
  return typeof v === 'string' && (DECISIONS as readonly string[]).includes(v);
}

/** Supports and comments are taken while the proposal waits for (or is under) evaluation. */
export function isOpen(p: Pick<Proposal, 'status'>): boolean {
  return p.status === 'submitted' || p.status === 'under_evaluation';
}

export const SEARCH_TYPE = 'proposal';
export const PAGE_SIZE = 20;
export const COMMENTS_PER_PAGE = 50;
export const MAX_TITLE = 300;
export const MAX_RATIONALE = 20_000;
export const MAX_COMMENT = 10_000;
export const MAX_REASONS = 10_000;
