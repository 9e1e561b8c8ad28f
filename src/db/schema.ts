import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Timestamps are ISO-8601 UTC text; booleans are 0/1 integers; translatable text
 * is a JSON object `{ "en": "…", "es": "…" }` with `orig_locale` naming the original language.
 * Each feature declares its own tables in its folder and adds them to `Database` below.
 */

export interface CountriesTable {
  iso3: string;
  iso2: string;
  status: 'active' | 'not_participating' | 'withdrawn';
  updated_at: string;
}

export interface ThemesTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: Generated<string>;
  orig_locale: Generated<string>;
  sort_order: Generated<number>;
  active: Generated<number>;
  updated_at: string;
}

export interface LinksTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  orig_locale: Generated<string>;
  url: string;
  category: Generated<string>;
  sort_order: Generated<number>;
  updated_at: string;
  /** Added by the content migration: removed links stay restorable. */
  deleted_at: Generated<string | null>;
}

export interface InstitutionsTable {
  id: Generated<number>;
  country_iso3: string;
  name: string;
  acronym: string | null;
  website: string | null;
  can_publish: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export type Role = 'secretariat' | 'admin' | 'coordinator' | 'editor' | 'reader';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  country_iso3: string | null;
  institution_id: number | null;
  password_hash: string | null;
  locale: Generated<string>;
  timezone: Generated<string>;
  status: Generated<'invited' | 'active' | 'disabled'>;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  /** Last accepted TOTP time step, so a code is never accepted twice (accounts migration). */
  totp_last_step?: number | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CoordinatorTermsTable {
  id: Generated<number>;
  country_iso3: string;
  user_id: number;
  designated_by: number | null;
  started_at: string;
  ended_at: string | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  stage: Generated<'full' | 'totp' | 'enroll'>;
  csrf: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface UserTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: 'invite' | 'reset';
  token_hash: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_label: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  country_iso3: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

export interface ContentPagesTable {
  id: Generated<number>;
  slug: string;
  section: Generated<string>;
  parent_slug: string | null;
  title: string;
  body: string;
  orig_locale: Generated<string>;
  sort_order: Generated<number>;
  published: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** What the manual seeder last copied into a content page (see features/content/manuals.ts). */
export interface ManualSourcesTable {
  slug: string;
  manual: string;
  content_hash: string;
  updated_at: string;
}

export interface NewsTable {
  id: Generated<number>;
  title: string;
  body: string;
  orig_locale: Generated<string>;
  published_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  /** Extra headers as a JSON object, e.g. List-Unsubscribe. */
  headers: string | null;
  created_at: string;
  sent_at: string | null;
  error: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Generated<string>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Files attached to anything (platform/files/attachments.ts): the owner is a type and an id. */
export interface AttachmentsTable {
  id: Generated<number>;
  owner_type: string;
  owner_id: number;
  sha256: string;
  original_name: string;
  kind: string;
  size: number;
  content_type: string;
  created_by: number | null;
  created_at: string;
  deleted_at: string | null;
}

/** Consultations between ministries (features/consultations); title and body are JSON {locale: text}. */
export interface ConsultationsTable {
  id: Generated<number>;
  title: string;
  /** JSON {en,es,fr,pt} of Markdown */
  body: Generated<string>;
  orig_locale: Generated<string>;
  /** The asking country. */
  country_iso3: string;
  institution_id: number | null;
  asked_by: number | null;
  /** 1: addressed to every country but the asker's; 0: to those in consultation_countries. */
  addressed_all: Generated<number>;
  /** YYYY-MM-DD */
  deadline: string | null;
  state: Generated<'open' | 'answered' | 'closed'>;
  accepted_answer_id: number | null;
  answer_count: Generated<number>;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

export interface ConsultationThemesTable {
  consultation_id: number;
  theme_id: number;
}

export interface ConsultationCountriesTable {
  consultation_id: number;
  country_iso3: string;
}

export interface ConsultationAnswersTable {
  id: Generated<number>;
  consultation_id: number;
  /** JSON {en,es,fr,pt} of Markdown */
  body: Generated<string>;
  orig_locale: Generated<string>;
  country_iso3: string;
  institution_id: number | null;
  author_id: number | null;
  helpful_count: Generated<number>;
  accepted_at: string | null;
  accepted_by: number | null;
  created_at: string;
  updated_at: string;
  /** Last correction of the text or files (by the author or the Secretariat); null if never edited. */
  edited_at: Generated<string | null>;
  edited_by: Generated<number | null>;
  deleted_at: string | null;
  deleted_by: number | null;
}

/** One "helpful" mark per user and answer. */
export interface ConsultationHelpfulTable {
  answer_id: number;
  user_id: number;
  created_at: string;
}

// Labour statistics (features/statistics): SDMX concepts aligned with ILOSTAT.

export interface StatCodelistsTable {
  /** e.g. 'SEX', 'AGE', 'ECO' */
  id: string;
  name: string;
  /** The code that stands for the total of the breakdown (e.g. SEX_T), if any. */
  total_code: string | null;
  sort_order: Generated<number>;
}

export interface StatCodesTable {
  codelist_id: string;
  /** ILOSTAT code, e.g. SEX_F, AGE_YTHADULT_Y15_24, ECO_SECTOR_AGR */
  code: string;
  name: string;
  sort_order: Generated<number>;
}

export type StatFrequency = 'A' | 'Q' | 'M';

export interface StatIndicatorsTable {
  id: Generated<number>;
  /** SDMX dataflow id, e.g. 'UNE_RT' */
  code: string;
  /** ILOSTAT indicator code with frequency suffix, e.g. UNE_2EAP_SEX_AGE_RT_A */
  ilostat_code: string | null;
  name: string;
  definition: Generated<string>;
  notes: Generated<string>;
  orig_locale: Generated<string>;
  topic: string;
  /** 'PT' percent, 'NB' number, 'USD', 'PPP', 'HRS', 'RT' rate per 100,000 */
  unit: string;
  /** Power of ten the stored values are expressed in (3 = thousands). */
  unit_multiplier: Generated<number>;
  decimals: Generated<number>;
  /** JSON array of codelist ids, in the order of dim1, dim2, dim3. */
  dimensions: Generated<string>;
  frequency: Generated<StatFrequency>;
  min_value: number | null;
  max_value: number | null;
  sort_order: Generated<number>;
  updated_at: string;
}

/** SDMX OBS_STATUS: A normal, P provisional, E estimated, B break, F forecast, I imputed, U low reliability. */
export type ObsStatus = 'A' | 'P' | 'E' | 'B' | 'F' | 'I' | 'U';

export interface StatObservationsTable {
  id: Generated<number>;
  indicator_id: number;
  country_iso3: string;
  /** '2023', '2023-Q2' or '2023-06' */
  period: string;
  /** Codes in the indicator's dimension order; '_Z' = not applicable. */
  dim1: Generated<string>;
  dim2: Generated<string>;
  dim3: Generated<string>;
  value: number | null;
  obs_status: Generated<string>;
  source: string | null;
  note: string | null;
  published: Generated<number>;
  /** The number of the latest revision in stat_revisions. */
  revision_no: Generated<number>;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
  batch_id: string | null;
  deleted_at: string | null;
}

export interface StatRevisionsTable {
  id: Generated<number>;
  observation_id: number;
  /** 1 for the first value, then one more per change. */
  revision_no: number;
  value: number | null;
  obs_status: Generated<string>;
  source: string | null;
  note: string | null;
  /** 1 when this change deleted the value. */
  deleted: Generated<number>;
  changed_at: string;
  changed_by: number | null;
  reason: string | null;
  batch_id: string | null;
  /** The revision this one restored, when it is a restore. */
  restored_from: number | null;
}

export type StatImportStatus =
  | 'validating'
  | 'validated'
  | 'invalid'
  | 'applying'
  | 'applied'
  | 'reverted'
  | 'failed';

export interface StatImportsTable {
  id: string;
  /** JSON array of the ISO3 codes the file touches. */
  countries: Generated<string>;
  uploaded_by: number;
  filename: string;
  format: 'csv' | 'xlsx' | 'ilostat';
  status: StatImportStatus;
  rows: Generated<number>;
  /** JSON: counts, errors, warnings, changes. */
  report: Generated<string>;
  progress: Generated<number>;
  created_at: string;
  applied_at: string | null;
  applied_by: number | null;
  reverted_at: string | null;
  reverted_by: number | null;
}

export interface StatImportRowsTable {
  import_id: string;
  row_no: number;
  indicator_id: number;
  country_iso3: string;
  period: string;
  dim1: string;
  dim2: string;
  dim3: string;
  /** null = remove the value */
  value: number | null;
  obs_status: string;
  source: string | null;
  note: string | null;
  action: 'new' | 'changed' | 'unchanged' | 'removed';
  observation_id: number | null;
  old_value: number | null;
  old_status: string | null;
}

export interface DocumentsTable {
  id: Generated<number>;
  title: string;
  summary: Generated<string>;
  orig_locale: Generated<string>;
  doc_type: string;
  section: string;
  country_iso3: string | null;
  institution_id: number | null;
  authors: Generated<string>;
  /** YYYY-MM-DD */
  publication_date: string | null;
  /** Comma-separated. */
  keywords: Generated<string>;
  external_url: string | null;
  access: 'public' | 'members' | 'country';
  status: 'draft' | 'published';
  published_at: string | null;
  current_version: Generated<number>;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

export interface DocumentThemesTable {
  document_id: number;
  theme_id: number;
}

export interface DocumentFilesTable {
  id: Generated<number>;
  document_id: number;
  version: number;
  original_name: string;
  kind: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  extraction_status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  extraction_error: string | null;
  extracted_text: string | null;
  extracted_truncated: Generated<number>;
  extracted_at: string | null;
  download_count: Generated<number>;
  uploaded_by: number | null;
  created_at: string;
}

export interface DocumentSectionsTable {
  code: string;
  intro: Generated<string>;
  orig_locale: Generated<string>;
  updated_by: number | null;
  updated_at: string;
}

/** Theme proposals (features/proposals): the latest official answer is also kept on the proposal. */
export type ProposalStatus = 'submitted' | 'under_evaluation' | 'accepted' | 'not_accepted';

export interface ProposalsTable {
  id: Generated<number>;
  /** JSON {en,es,fr,pt} */
  title: string;
  /** JSON {en,es,fr,pt} of Markdown */
  rationale: string;
  orig_locale: Generated<string>;
  theme_id: number | null;
  country_iso3: string | null;
  institution_id: number | null;
  created_by: number;
  status: Generated<ProposalStatus>;
  /** JSON {en,es,fr,pt} of Markdown: the reasons of the latest official answer. */
  decision_reasons: Generated<string>;
  decision_locale: string | null;
  decided_by: number | null;
  decided_at: string | null;
  group_id: number | null;
  support_count: Generated<number>;
  comment_count: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

/** One support per country and proposal (among those not withdrawn). */
export interface ProposalSupportsTable {
  id: Generated<number>;
  proposal_id: number;
  country_iso3: string;
  user_id: number;
  institution_id: number | null;
  created_at: string;
  withdrawn_at: string | null;
}

export interface ProposalCommentsTable {
  id: Generated<number>;
  proposal_id: number;
  user_id: number;
  /** Markdown, in `locale`. */
  body: string;
  locale: Generated<string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

/** Every official answer of the Secretariat, in order. */
export interface ProposalDecisionsTable {
  id: Generated<number>;
  proposal_id: number;
  status: Exclude<ProposalStatus, 'submitted'>;
  /** JSON {en,es,fr,pt} of Markdown */
  reasons: Generated<string>;
  orig_locale: Generated<string>;
  decided_by: number;
  decided_at: string;
}

/** Study groups (features/study-groups). */
export interface StudyGroupsTable {
  id: Generated<number>;
  /** JSON {en,es,fr,pt} */
  title: string;
  /** JSON {en,es,fr,pt} of Markdown */
  description: Generated<string>;
  orig_locale: Generated<string>;
  theme_id: number | null;
  proposal_id: number | null;
  moderator_id: number;
  status: Generated<'active' | 'closed'>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface StudyGroupMembersTable {
  id: Generated<number>;
  group_id: number;
  user_id: number;
  country_iso3: string | null;
  institution_id: number | null;
  role: Generated<'moderator' | 'member'>;
  status: Generated<'requested' | 'member' | 'left' | 'declined'>;
  requested_at: string;
  decided_at: string | null;
  decided_by: number | null;
}

export interface StudyGroupThreadsTable {
  id: Generated<number>;
  group_id: number;
  title: string;
  locale: Generated<string>;
  created_by: number;
  post_count: Generated<number>;
  last_post_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

export interface StudyGroupPostsTable {
  id: Generated<number>;
  thread_id: number;
  user_id: number;
  /** Markdown, in `locale`. */
  body: string;
  locale: Generated<string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

/** Library documents shared with a group; the moderator marks the group's outputs. */
export interface StudyGroupDocumentsTable {
  id: Generated<number>;
  group_id: number;
  document_id: number;
  added_by: number;
  added_at: string;
  is_output: Generated<number>;
  output_marked_by: number | null;
  output_marked_at: string | null;
  removed_at: string | null;
  removed_by: number | null;
}

/** Distance meetings of study groups (features/meetings): start in UTC with the host's time zone. */
export interface MeetingsTable {
  id: Generated<number>;
  group_id: number;
  /** JSON {en,es,fr,pt} */
  title: string;
  /** JSON {en,es,fr,pt} of Markdown */
  agenda: Generated<string>;
  orig_locale: Generated<string>;
  /** ISO-8601 UTC */
  starts_at: string;
  /** IANA zone of the host, e.g. America/Montevideo */
  host_tz: string;
  duration_minutes: number;
  /** null: no limit */
  capacity: number | null;
  status: Generated<'scheduled' | 'cancelled'>;
  /** Unguessable Jitsi room name */
  video_room: string;
  embed_video: Generated<number>;
  /** JSON {en,es,fr,pt} of Markdown */
  minutes: Generated<string>;
  minutes_locale: string | null;
  minutes_published_at: string | null;
  minutes_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

export interface MeetingRegistrationsTable {
  id: Generated<number>;
  meeting_id: number;
  user_id: number;
  status: 'registered' | 'waitlisted' | 'cancelled';
  created_at: string;
  /** When the status last changed: the waiting list is served in this order. */
  updated_at: string;
}

export interface MeetingAttendanceTable {
  meeting_id: number;
  user_id: number;
  /** 'live': present in the live room during the meeting; 'moderator': ticked afterwards. */
  source: 'live' | 'moderator';
  recorded_by: number | null;
  recorded_at: string;
}

export interface MeetingMessagesTable {
  id: Generated<number>;
  meeting_id: number;
  user_id: number;
  /** Plain text */
  body: string;
  created_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

/** One row per open event stream of the live room. */
export interface MeetingPresenceTable {
  id: string;
  meeting_id: number;
  user_id: number;
  /** The realtime hub (process) holding the stream. */
  process: string;
  connected_at: string;
  seen_at: string;
}

/** Private token of a user's calendar feed. */
export interface CalendarTokensTable {
  user_id: number;
  token: string;
  created_at: string;
}

/** The search index (platform/search): one narrow row per (type, ref_id, locale), fed by every feature. */
export interface SearchEntriesTable {
  id: Generated<number>;
  type: string;
  ref_id: string;
  locale: string;
  visibility: 'public' | 'members' | 'country';
  country_iso3: string | null;
  section: string | null;
  kind: string | null;
  /** Theme codes between bars: `|employment|gender|`, or empty. */
  themes: string;
  date: string | null;
  year: number | null;
  token_count: number;
  /** Weighted frequencies of the terms that occur more than once: ` term:3  other:2 `. */
  tf: string;
  /** The entry's combination of facet values (search_facet_keys.id). */
  facet_key: number;
  url: string;
  title: string;
  updated_at: string;
  /** PostgreSQL only: the terms as a tsvector (GIN-indexed). */
  tsv?: string;
}

/** SQLite only: what a search reads for every match of an entry (same id as search_entries). */
export interface SearchRankTable {
  id: number;
  facet_key: number;
  token_count: number;
  /** The highest weighted frequency of any of the entry's terms (at least 1): bounds its score. */
  max_tf: number;
  locale: string;
  visibility: 'public' | 'members' | 'country';
  country_iso3: string | null;
}

/** A distinct combination of facet values of search entries. */
export interface SearchFacetKeysTable {
  id: Generated<number>;
  /** The values as JSON, unique. */
  key: string;
  type: string;
  section: string | null;
  country_iso3: string | null;
  locale: string;
  year: number | null;
  themes: string;
}

/** The long texts of a search entry (same id): original body and analysed token streams. */
export interface SearchTextsTable {
  id: number;
  locale: string;
  title_tokens: string;
  meta_tokens: string;
  body_tokens: string;
  body: string;
}

/** Notifications (features/notifications): one row per recipient; params and themes are JSON text. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  params: string;
  url: string;
  country_iso3: string | null;
  themes: string;
  actor_id: number | null;
  created_at: string;
  read_at: string | null;
  emailed_at: string | null;
  digest_id: number | null;
}

export interface NotificationPreferencesTable {
  user_id: number;
  kind: string;
  frequency: 'immediate' | 'daily' | 'weekly' | 'off';
  updated_at: string;
}

/** One digest per user, frequency and period (e.g. 2026-11-30 or 2026-W49): sent once. */
export interface NotificationDigestsTable {
  id: Generated<number>;
  user_id: number;
  frequency: 'daily' | 'weekly';
  period: string;
  item_count: number;
  outbox_id: number | null;
  created_at: string;
}

/** Horizontal cooperation (features/cooperation): an offer or a request of one country. */
export interface CooperationItemsTable {
  id: Generated<number>;
  kind: 'offer' | 'request';
  country_iso3: string;
  institution_id: number | null;
  title: string;
  description: Generated<string>;
  orig_locale: Generated<string>;
  /** training, expert_visit, internship, virtual_assistance, study_tour; null = any (requests). */
  modality: string | null;
  /** Language codes between bars: `|es|en|other|`. */
  languages: Generated<string>;
  other_languages: string | null;
  duration: string | null;
  timeframe: string | null;
  cost_sharing: string | null;
  contact_name: string;
  contact_email: string;
  status: Generated<'proposed' | 'agreed' | 'in_progress' | 'completed' | 'cancelled'>;
  partner_country_iso3: string | null;
  /** Outcome report (JSON per language), written at completion in `outcome_locale`. */
  outcome_results: string | null;
  outcome_participants: string | null;
  outcome_lessons: string | null;
  outcome_locale: string | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

export interface CooperationItemThemesTable {
  item_id: number;
  theme_id: number;
}

export interface CooperationInterestsTable {
  id: Generated<number>;
  item_id: number;
  country_iso3: string;
  user_id: number | null;
  message: string;
  locale: Generated<string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CooperationStatusHistoryTable {
  id: Generated<number>;
  item_id: number;
  from_status: string | null;
  to_status: string;
  partner_country_iso3: string | null;
  note: string | null;
  actor_id: number | null;
  at: string;
}

export interface Database {
  countries: CountriesTable;
  themes: ThemesTable;
  links: LinksTable;
  institutions: InstitutionsTable;
  users: UsersTable;
  coordinator_terms: CoordinatorTermsTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  attachments: AttachmentsTable;
  consultations: ConsultationsTable;
  consultation_themes: ConsultationThemesTable;
  consultation_countries: ConsultationCountriesTable;
  consultation_answers: ConsultationAnswersTable;
  consultation_helpful: ConsultationHelpfulTable;
  content_pages: ContentPagesTable;
  manual_sources: ManualSourcesTable;
  news: NewsTable;
  outbox: OutboxTable;
  jobs: JobsTable;
  documents: DocumentsTable;
  document_themes: DocumentThemesTable;
  document_files: DocumentFilesTable;
  document_sections: DocumentSectionsTable;
  proposals: ProposalsTable;
  proposal_supports: ProposalSupportsTable;
  proposal_comments: ProposalCommentsTable;
  proposal_decisions: ProposalDecisionsTable;
  study_groups: StudyGroupsTable;
  study_group_members: StudyGroupMembersTable;
  study_group_threads: StudyGroupThreadsTable;
  study_group_posts: StudyGroupPostsTable;
  study_group_documents: StudyGroupDocumentsTable;
  stat_codelists: StatCodelistsTable;
  stat_codes: StatCodesTable;
  stat_indicators: StatIndicatorsTable;
  stat_observations: StatObservationsTable;
  stat_revisions: StatRevisionsTable;
  stat_imports: StatImportsTable;
  stat_import_rows: StatImportRowsTable;
  search_entries: SearchEntriesTable;
  search_texts: SearchTextsTable;
  search_facet_keys: SearchFacetKeysTable;
  search_rank: SearchRankTable;
  meetings: MeetingsTable;
  meeting_registrations: MeetingRegistrationsTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_messages: MeetingMessagesTable;
  meeting_presence: MeetingPresenceTable;
  calendar_tokens: CalendarTokensTable;
  cooperation_items: CooperationItemsTable;
  cooperation_item_themes: CooperationItemThemesTable;
  cooperation_interests: CooperationInterestsTable;
  cooperation_status_history: CooperationStatusHistoryTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_digests: NotificationDigestsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Institution = Selectable<InstitutionsTable>;
export type Theme = Selectable<ThemesTable>;
export type ContentPage = Selectable<ContentPagesTable>;
export type News = Selectable<NewsTable>;
export type Link = Selectable<LinksTable>;
export type StatIndicator = Selectable<StatIndicatorsTable>;
export type StatObservation = Selectable<StatObservationsTable>;
export type StatRevision = Selectable<StatRevisionsTable>;
export type StatImport = Selectable<StatImportsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentFile = Selectable<DocumentFilesTable>;
