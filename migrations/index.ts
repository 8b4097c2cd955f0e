import type { Migration } from "kysely/migration";
import * as foundation from "./2026-11-23T0900-foundation.ts";
import * as register from "./2026-11-24T0900-register.ts";
import * as meetings from "./2026-11-25T0900-meetings.ts";
import * as memberStatus from "./2026-11-25T1000-member-status.ts";
import * as minutes from "./2026-11-26T0900-minutes.ts";
import * as supervision from "./2026-11-26T1000-supervision.ts";
import * as matterFiles from "./2026-11-26T1100-matter-files.ts";
import * as accountOwnership from "./2026-11-27T0900-account-ownership.ts";
import * as memberSecurityEvents from "./2026-11-27T1200-member-security-events.ts";
import * as rollupSummaries from "./2026-11-27T1300-rollup-summaries.ts";
import * as jobs from "./2026-11-28T0900-jobs.ts";
import * as unitYearFigures from "./2026-11-28T1000-unit-year-figures.ts";
import * as publicResults from "./2026-11-29T0900-public-results.ts";
import * as search from "./2026-11-29T1000-search.ts";
import * as summaryLocks from "./2026-11-29T1100-summary-locks.ts";
import * as hashedSubtreePolicies from "./2026-11-29T1200-hashed-subtree-policies.ts";
import * as sidesAndMailedLinks from "./2026-12-04T0900-sides-and-mailed-links.ts";
import * as unitSecurityEvents from "./2026-12-04T1000-unit-security-events.ts";
import * as publishedUpward from "./2026-12-04T1100-published-upward.ts";
import * as dateRules from "./2026-12-04T1200-date-rules.ts";
import * as o3LeaveAndLiaisons from "./2026-12-04T1300-o3-leave-and-liaisons.ts";
import * as decisions from "./2026-12-04T1400-decisions.ts";
import * as extendedAfterOverdue from "./2026-12-04T1500-extended-after-overdue.ts";
import * as notificationInbox from "./2026-12-05T0900-notification-inbox.ts";
import * as memberTitles from "./2026-12-05T1100-member-titles.ts";
import * as publicityFlag from "./2026-12-05T1300-publicity-flag.ts";
import * as supervisionReplies from "./2026-12-05T1400-supervision-replies.ts";
import * as oneTimeKeys from "./2026-12-05T1500-one-time-keys.ts";
import * as reportRequests from "./2026-12-06T0900-report-requests.ts";
import * as imChannels from "./2026-12-06T1000-im-channels.ts";
import * as subtreeSums from "./2026-12-06T1100-subtree-sums.ts";
import * as openSupervisionReplies from "./2026-12-06T1110-open-supervision-replies.ts";
import * as requestCost from "./2026-12-06T1200-request-cost.ts";
import * as rollupPlans from "./2026-12-07T0900-rollup-plans.ts";
import * as rollupPage from "./2026-12-07T1000-rollup-page.ts";
import * as rollupKeys from "./2026-12-07T1100-rollup-keys.ts";
import * as functionsPlannedOnce from "./2026-12-07T1200-functions-planned-once.ts";
import * as removedDraftFiles from "./2026-12-08T0900-removed-draft-files.ts";
import * as tenantsSubtreePrefix from "./2026-12-08T1000-tenants-subtree-prefix.ts";
import * as reportSums from "./2026-12-08T1100-report-sums.ts";
import * as reportTargetPaths from "./2026-12-08T1200-report-target-paths.ts";
import * as storedBytes from "./2026-12-09T0900-stored-bytes.ts";
import * as sessionAccess from "./2026-12-09T1000-session-access.ts";
import * as forwardOnce from "./2026-12-09T1100-forward-once.ts";

/**
 * Every migration, by name, in order. A static list (not a directory scan) so that the same
 * migrations run from the CLI, from the bundled server on the embedded default, and from tests.
 * tests/unit/migrations-list.test.ts fails when a file in this folder is missing here.
 */
export const migrations: Record<string, Migration> = {
	"2026-11-23T0900-foundation": foundation,
	"2026-11-24T0900-register": register,
	"2026-11-25T0900-meetings": meetings,
	"2026-11-25T1000-member-status": memberStatus,
	"2026-11-26T0900-minutes": minutes,
	"2026-11-26T1000-supervision": supervision,
	"2026-11-26T1100-matter-files": matterFiles,
	"2026-11-27T0900-account-ownership": accountOwnership,
	"2026-11-27T1200-member-security-events": memberSecurityEvents,
	"2026-11-27T1300-rollup-summaries": rollupSummaries,
	"2026-11-28T0900-jobs": jobs,
	"2026-11-28T1000-unit-year-figures": unitYearFigures,
	"2026-11-29T0900-public-results": publicResults,
	"2026-11-29T1000-search": search,
	"2026-11-29T1100-summary-locks": summaryLocks,
	"2026-11-29T1200-hashed-subtree-policies": hashedSubtreePolicies,
	"2026-12-04T0900-sides-and-mailed-links": sidesAndMailedLinks,
	"2026-12-04T1000-unit-security-events": unitSecurityEvents,
	"2026-12-04T1100-published-upward": publishedUpward,
	"2026-12-04T1200-date-rules": dateRules,
	"2026-12-04T1300-o3-leave-and-liaisons": o3LeaveAndLiaisons,
	"2026-12-04T1400-decisions": decisions,
	"2026-12-04T1500-extended-after-overdue": extendedAfterOverdue,
	"2026-12-05T0900-notification-inbox": notificationInbox,
	"2026-12-05T1100-member-titles": memberTitles,
	"2026-12-05T1300-publicity-flag": publicityFlag,
	"2026-12-05T1400-supervision-replies": supervisionReplies,
	"2026-12-05T1500-one-time-keys": oneTimeKeys,
	"2026-12-06T0900-report-requests": reportRequests,
	"2026-12-06T1000-im-channels": imChannels,
	"2026-12-06T1100-subtree-sums": subtreeSums,
	"2026-12-06T1110-open-supervision-replies": openSupervisionReplies,
	"2026-12-06T1200-request-cost": requestCost,
	"2026-12-07T0900-rollup-plans": rollupPlans,
	"2026-12-07T1000-rollup-page": rollupPage,
	"2026-12-07T1100-rollup-keys": rollupKeys,
	"2026-12-07T1200-functions-planned-once": functionsPlannedOnce,
	"2026-12-08T0900-removed-draft-files": removedDraftFiles,
	"2026-12-08T1000-tenants-subtree-prefix": tenantsSubtreePrefix,
	"2026-12-08T1100-report-sums": reportSums,
	"2026-12-08T1200-report-target-paths": reportTargetPaths,
	"2026-12-09T0900-stored-bytes": storedBytes,
	"2026-12-09T1000-session-access": sessionAccess,
	"2026-12-09T1100-forward-once": forwardOnce,
};
