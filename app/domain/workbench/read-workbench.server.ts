import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import { statementTemplate, templatesByCase } from "#db/statement-template.ts";
import {
	ownTargetsSection,
	reportRoles,
	reportWork,
	reviewCount,
	reviewSection,
	unitShape,
} from "./read-report-work.server.ts";
import {
	extensionItems,
	extensionsSection,
	repliesSection,
	replyItems,
	requestItems,
	requestsSection,
} from "./read-requests.server.ts";
import type { WorkbenchItem } from "./workbench-item.ts";
import type { BenchValues, JsonRow } from "./workbench-json.ts";
import { type WorkbenchGroup, workbenchScope } from "./workbench-rules.ts";
import {
	liaisonItems,
	liaisonsSection,
	meetingItems,
	meetingsSection,
	minutesItems,
	minutesSection,
	opinionItems,
	opinionsSection,
	progressItems,
	progressSection,
	topicItems,
	topicsSection,
	verifyItems,
	verifySection,
} from "./workbench-sections.server.ts";

/**
 * Each group's items (null: not the person's to do), and for a group read only as far as the home
 * lists it (the reports to review), how many it holds.
 */
export type Workbench = Record<WorkbenchGroup, WorkbenchItem[] | null> & {
	totals: Partial<Record<WorkbenchGroup, number>>;
};

type Scope = ReturnType<typeof workbenchScope>;

/**
 * The whole 工作台 in one statement (ADR 0009): every section the person's roles act on, each a JSON
 * list in one column (a column left out is a section that is not theirs). Its shape depends on the
 * roles only, so it is built and compiled once per set of roles (db/statement-template.ts) and run
 * with the tenant and the person as values.
 */
function benchStatement(roles: readonly Role[], scope: Scope) {
	const report = reportRoles(roles);
	return statementTemplate(["tenantId", "userId"], (db: Kysely<Database>, v: BenchValues) =>
		db.selectNoFrom(() => {
			const unit = unitShape(db, v);
			return [
				// Always there: it names the person (the template insists every value is a parameter).
				jsonArrayFrom(meetingsSection(db, v)).as("meetings"),
				...(scope.requests.length > 0 ? [jsonArrayFrom(requestsSection(db, v, scope)).as("requests")] : []),
				...(scope.extensions.length > 0
					? [jsonArrayFrom(extensionsSection(db, v, scope.extensions)).as("extensions")]
					: []),
				...(scope.replies ? [jsonArrayFrom(repliesSection(db, v)).as("replies")] : []),
				...(report.any ? [unit.asked.as("asked"), unit.hasChildren.as("hasChildren")] : []),
				...(report.fills || report.approves ? [jsonArrayFrom(ownTargetsSection(db, v)).as("own")] : []),
				...(report.reviews
					? [jsonArrayFrom(reviewSection(db, v)).as("review"), reviewCount(db, v).as("reviewCount")]
					: []),
				...(scope.topics ? [jsonArrayFrom(topicsSection(db, v, scope.topics)).as("topics")] : []),
				...(scope.opinions ? [jsonArrayFrom(opinionsSection(db, v)).as("opinions")] : []),
				...(scope.minutes.length > 0 ? [jsonArrayFrom(minutesSection(db, v, scope.minutes)).as("minutes")] : []),
				...(scope.progress.length > 0 ? [jsonArrayFrom(progressSection(db, v, scope.progress)).as("progress")] : []),
				...(scope.verify.length > 0 ? [jsonArrayFrom(verifySection(db, v, scope.verify)).as("verify")] : []),
				...(scope.liaisons ? [jsonArrayFrom(liaisonsSection(db, v)).as("liaisons")] : []),
			];
		}),
	);
}

/** What the statement answers: one JSON list per section it holds (absent: not this person's). */
interface BenchRow {
	meetings: JsonRow<typeof meetingsSection>[];
	requests?: JsonRow<typeof requestsSection>[];
	extensions?: JsonRow<typeof extensionsSection>[];
	replies?: JsonRow<typeof repliesSection>[];
	asked?: boolean | null;
	hasChildren?: boolean | null;
	own?: JsonRow<typeof ownTargetsSection>[];
	review?: JsonRow<typeof reviewSection>[];
	reviewCount?: number;
	topics?: JsonRow<typeof topicsSection>[];
	opinions?: JsonRow<typeof opinionsSection>[];
	minutes?: JsonRow<typeof minutesSection>[];
	progress?: JsonRow<typeof progressSection>[];
	verify?: JsonRow<typeof verifySection>[];
	liaisons?: JsonRow<typeof liaisonsSection>[];
}

/** The statement and the scope of each set of roles, made on first use. */
const statementFor = templatesByCase(
	(roles: readonly Role[]) => roles.join(","),
	(roles: readonly Role[]) => {
		const scope = workbenchScope(roles);
		return { scope, run: benchStatement(roles, scope) };
	},
);

/**
 * The signed-in person's own open work in this tenant (issue #14), each group only for roles the
 * rules let act on it (null: not theirs to do), oldest or most overdue first. One statement as the
 * app role, in the page view's unit of work.
 */
export async function readWorkbench(db: Kysely<Database>, actor: Actor, roles: readonly Role[], today: string) {
	const { scope, run } = statementFor(roles);
	const values: BenchValues = { tenantId: actor.tenantId, userId: actor.userId };
	const [row] = (await runAs(db, actor, (tx) => run(tx, values))) as unknown as BenchRow[];
	if (!row) throw new Error("the workbench statement answered no row");
	const report = reportWork(roles, today, {
		asked: row.asked ?? null,
		hasChildren: row.hasChildren ?? null,
		own: row.own ?? null,
		review: row.review ?? null,
	});
	const bench: Workbench = {
		requests: row.requests ? requestItems(row.requests, scope) : null,
		...report,
		extensions: row.extensions ? extensionItems(row.extensions, today) : null,
		replies: row.replies ? replyItems(row.replies, today) : null,
		topics: row.topics && scope.topics ? topicItems(row.topics, scope.topics) : null,
		opinions: row.opinions ? opinionItems(row.opinions, today) : null,
		minutes: row.minutes ? minutesItems(row.minutes) : null,
		progress: row.progress ? progressItems(row.progress, today) : null,
		verify: row.verify ? verifyItems(row.verify) : null,
		meetings: meetingItems(row.meetings, roles, scope.prepares),
		liaisons: row.liaisons ? liaisonItems(row.liaisons) : null,
		totals: report.reportReview && row.reviewCount !== undefined ? { reportReview: row.reviewCount } : {},
	};
	return bench;
}
