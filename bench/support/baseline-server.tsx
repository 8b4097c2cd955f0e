// Baselines for bench/pages.ts, each a separate process on loopback:
//   A: node:http + pg, one query, a raw string (the least a server can do for a tenant page);
//   B: node:http + pg + React renderToString: the same session check, membership, notifications and
//      page data as the app (plain queries with explicit tenant filters, each prepared once per
//      connection, as the owner, no RLS, no transaction), rendered as a page of the same shape
//      (header, menu, tables). What each page shows, B reads and renders too: the home's 工作台
//      sections for the signed-in union staff and the children that need attention (from the
//      statistics' figures); the statistics page's table, trend and four charts (ECharts on the
//      server, kept by their option as the app keeps them); the meeting page's topics with names,
//      agreements, opinions, files, roster, leaders' check, previous matters, consents, publicity.
//   tsx bench/support/baseline-server.tsx A|B <database url> <port>
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import * as echarts from "echarts";
import pg from "pg";
import { renderToString } from "react-dom/server";

const [mode, url, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 10 });

type Row = Record<string, unknown>;
/**
 * A plain query, prepared once per connection under a name made from its text (pg's `name`), as a
 * server that cares does: B pays no planning per request that the app does not (ADR 0009).
 */
const names = new Map<string, string>();
const q = async (text: string, values: unknown[] = []) => {
	let name = names.get(text);
	if (!name) {
		name = `b${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
		names.set(text, name);
	}
	return (await pool.query({ name, text, values })).rows as Row[];
};

async function sessionUser(cookie: string | undefined) {
	const token = /(?:^|;\s*)(?:__Host-)?lxt_session=([a-z2-7]{32})\.([a-z2-7]{32})/.exec(cookie ?? "");
	if (!token) return null;
	const [row] = await q(
		`select s.secret_hash, u.id, u.display_name from sessions s join users u on u.id = s.user_id
		 where s.id = $1 and s.expires_at > now() and u.disabled_at is null`,
		[token[1]],
	);
	if (!row) return null;
	const hash = createHash("sha256")
		.update(token[2] as string)
		.digest();
	return timingSafeEqual(hash, row.secret_hash as Buffer) ? row : null;
}

/**
 * The direct children's figures for this year, as the app's statistics read them: one row per child
 * from the kept subtree sums (migration 2026-12-06T1100) without RLS, with its subtree's sums and the
 * day-dependent figures counted against today (China time).
 */
async function childFigures(parentId: string) {
	const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format();
	const year = Number(today.slice(0, 4));
	const rows = await q(
		`select t.name, t.kind, u.units, u.with_system, coalesce(s.regular_held, 0) as regular_held,
		   coalesce(s.extraordinary, 0) as extraordinary, coalesce(s.minutes_issued, 0) as minutes_issued,
		   coalesce(s.matters, 0) as matters, coalesce(s.matters_closed, 0) as matters_closed,
		   coalesce(s.closed_on_time, 0) as on_time, coalesce(s.publicity, 0) as publicity,
		   coalesce(s.minutes_issued_late, 0) + coalesce(day_tally_count(s.unissued_held, $3::date - 31), 0) as minutes_late,
		   coalesce(day_tally_count(s.unpublicised_held, $3::date - 31), 0) as not_publicised,
		   coalesce(day_tally_total(s.open_deadlines) - day_tally_count(s.open_deadlines, $3::date - 1), 0) as in_progress,
		   coalesce(day_tally_count(s.open_deadlines, $3::date - 1), 0) as overdue,
		   coalesce(s.matters_done, 0) as matters_done, coalesce(s.topics, '{0,0,0,0,0,0,0}') as topics
		 from tenants t join unit_subtree_units u on u.tenant_id = t.id
		 left join unit_subtree_year_figures s on s.tenant_id = t.id and s.year = $2
		 where t.parent_id = $1 order by t.path`,
		[parentId, year, today],
	);
	return { rows, year, today };
}

/** The statistics' flags for a child's row (the app's rollup-figures.server.ts, figuresOf). */
function flagsOf(row: Row, today: string): string[] {
	const flags: string[] = [];
	if (Number(row.with_system) < Number(row.units)) flags.push("未建立制度");
	if (Number(row.regular_held) < Number(row.units) && today.slice(5) >= "12-01") flags.push("未召开年度例会");
	if (Number(row.minutes_late) > 0) flags.push("纪要逾期");
	if (Number(row.overdue) > 0) flags.push("事项逾期");
	if (Number(row.not_publicised) > 0) flags.push("未宣传");
	return flags;
}

/**
 * The statistics page's four charts as the app draws them (app/domain/rollup/rollup-charts.server.ts):
 * ECharts on the server as SVG, each for a phone and a wider screen, kept by their option (the same
 * figures draw the same picture), so a server showing the same page does the same work per view.
 */
const drawn = new Map<string, string>();
function svgOf(option: Record<string, unknown>, width: number, height: number): string {
	const key = JSON.stringify([width, height, option]);
	let svg = drawn.get(key);
	if (svg === undefined) {
		const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
		chart.setOption({ animation: false, ...option });
		svg = chart.renderToSVGString();
		chart.dispose();
		if (drawn.size < 128) drawn.set(key, svg);
	}
	return svg;
}

function charts(trend: Row[], units: Row[], topics: number[]): string[] {
	const years = trend.map((y) => String(y.year));
	const line = (series: [string, string][]) => ({
		xAxis: { type: "category", data: years },
		yAxis: { type: "value", minInterval: 1 },
		legend: {},
		series: series.map(([name, column]) => ({
			name,
			type: "line",
			label: { show: true },
			data: trend.map((y) => Number(y[column])),
		})),
	});
	const matters = {
		legend: {},
		yAxis: { type: "category", inverse: true, data: units.map((u) => String(u.name)) },
		xAxis: { type: "value", minInterval: 1 },
		series: (
			[
				["已办结", "matters_closed"],
				["已办理", "matters_done"],
				["办理中", "in_progress"],
				["已逾期", "overdue"],
			] as const
		).map(([name, column]) => ({ name, type: "bar", stack: "all", data: units.map((u) => Number(u[column])) })),
	};
	const categories = {
		yAxis: {
			type: "category",
			inverse: true,
			data: ["就业", "收入分配", "社会保障", "劳动安全", "职工权益", "困难帮扶", "其他"],
		},
		xAxis: { type: "value", minInterval: 1 },
		series: [{ type: "bar", data: topics, label: { show: true, position: "right" } }],
	};
	const options: [Record<string, unknown>, number][] = [
		[
			line([
				["单位数", "units"],
				["已建立制度", "with_system"],
			]),
			280,
		],
		[
			line([
				["单位数", "units"],
				["召开年度例会", "regular_held"],
			]),
			280,
		],
		[matters, 68 + Math.max(units.length, 1) * 30],
		[categories, 40 + 7 * 32],
	];
	return options.flatMap(([option, height]) => [svgOf(option, 320, height), svgOf(option, 600, height)]);
}

function Page({
	title,
	user,
	tenants,
	notifications,
	children,
}: {
	title: string;
	user: string;
	tenants: Row[];
	notifications: number;
	children: React.ReactNode;
}) {
	const menu = [
		"联席会议",
		"议定事项",
		"征求意见",
		"联席会议制度",
		"制度建立情况",
		"部门",
		"成员",
		"下级单位",
		"单位信息",
		"操作记录",
	];
	return (
		<html lang="zh-CN">
			<head>
				<meta charSet="utf-8" />
				<title>{title}</title>
				<link rel="stylesheet" href="/assets/app.css" />
			</head>
			<body>
				<header>
					<a href="/">联席通</a>
					<ul>
						{tenants.map((t) => (
							<li key={String(t.slug)}>
								<a href={`/t/${t.slug}`}>{String(t.name)}</a>
							</li>
						))}
					</ul>
					<span>当前用户：{user}</span>
					<span>待办提醒 {notifications}</span>
					<form method="post" action="/logout">
						<button type="submit">退出登录</button>
					</form>
					<nav>
						{menu.map((m) => (
							<a key={m} href={`/t/x/${m}`}>
								{m}
							</a>
						))}
					</nav>
				</header>
				<main id="main">{children}</main>
			</body>
		</html>
	);
}

function Table({ rows, columns }: { rows: Row[]; columns: string[] }) {
	return (
		<table>
			<thead>
				<tr>
					{columns.map((c) => (
						<th key={c} scope="col">
							{c}
						</th>
					))}
				</tr>
			</thead>
			<tbody>
				{rows.map((r, i) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: a benchmark's static table
					<tr key={i}>
						{columns.map((c) => (
							<td key={c}>{String(r[c] ?? "—")}</td>
						))}
					</tr>
				))}
			</tbody>
		</table>
	);
}

async function pageB(path: string, cookie: string | undefined): Promise<[number, string]> {
	if (path === "/login") {
		return [
			200,
			`<!doctype html>${renderToString(
				<html lang="zh-CN">
					<head>
						<meta charSet="utf-8" />
						<title>登录</title>
					</head>
					<body>
						<main>
							<h1>登录联席通</h1>
							<form method="post">
								<label>
									邮箱
									<input name="email" type="email" />
								</label>
								<label>
									密码
									<input name="password" type="password" />
								</label>
								<button type="submit">登录</button>
							</form>
						</main>
					</body>
				</html>,
			)}`,
		];
	}
	const match = /^\/t\/([a-z0-9-]+)(\/meetings(?:\/([0-9a-f-]{36}))?|\/reports)?$/.exec(path);
	const user = await sessionUser(cookie);
	if (!match || !user) return [404, "not found"];
	const memberships = await q(
		`select t.id, t.slug, t.name, t.gov_name, t.union_name, m.roles from memberships m join tenants t on t.id = m.tenant_id
		 where m.user_id = $1 and m.disabled_at is null order by t.path`,
		[user.id],
	);
	const here = memberships.find((m) => m.slug === match[1]);
	if (!here) return [404, "not found"];
	const [unread] = await q(
		"select count(*)::int as n from notifications where tenant_id = $1 and user_id = $2 and read_at is null",
		[here.id, user.id],
	);
	await q(
		"select id, kind, link, params from notifications where tenant_id = $1 and user_id = $2 and read_at is null order by created_at desc limit 20",
		[here.id, user.id],
	);
	let body: React.ReactNode;
	if (!match[2]) {
		// The home as the app's shows it to this person (union staff): the 工作台's sections (the
		// meetings scheduled, with whether they are on the roster; meetings asked for and who has
		// answered; whether there is a unit above and below; this unit's open report requests; the
		// reports waiting for review, the first eight and how many; matters done and waiting for
		// verification), then the direct children that need attention, from the same figures as the
		// statistics (childFigures below), the first ten in the statistics' order.
		// Plain queries one after the other, as on B's other pages.
		const upcoming = await q(
			`select m.id, m.title, m.status, m.scheduled_start, m.place,
			   exists (select 1 from attendees a where a.tenant_id = m.tenant_id and a.meeting_id = m.id
			     and a.user_id = $1 and a.leave_reason is null) as on_roster
			 from meetings m where m.tenant_id = $2 and m.status = 'scheduled' order by m.scheduled_start`,
			[user.id, here.id],
		);
		const requests = await q(
			`select m.id, m.title, m.status, m.kind, m.updated_at as since,
			   array(select c.side::text from meeting_consents c where c.tenant_id = m.tenant_id and c.meeting_id = m.id) as answered
			 from meetings m where m.tenant_id = $1 and m.status = 'draft' and m.kind in ('regular', 'extraordinary')
			 order by m.updated_at`,
			[here.id],
		);
		const [place] = await q(
			`select me.parent_id is not null as asked, exists (select 1 from tenants c where c.parent_id = me.id) as has_children
			 from tenants me where me.id = $1`,
			[here.id],
		);
		const own = await q(
			`select r.id, r.title, r.due_on, t.status, t.updated_at as since, q.name as requester
			 from report_targets t join report_requests r on r.tenant_id = t.tenant_id and r.id = t.request_id
			 join tenants q on q.id = r.tenant_id
			 where t.unit_id = $1 and r.status = 'open' and t.status in ('not_started', 'draft', 'returned', 'pending_approval')
			 order by r.due_on, r.created_at`,
			[here.id],
		);
		const review = await q(
			`select r.id, r.title, t.unit_id, u.name as unit_name, t.reported_at as since,
			   count(*) over ()::int as n
			 from report_targets t join report_requests r on r.tenant_id = t.tenant_id and r.id = t.request_id
			 join tenants u on u.id = t.unit_id
			 where t.reviewer_id = $1 and t.status = 'submitted' and t.opened_at is null and r.status = 'open'
			 order by t.reported_at, t.unit_id limit 8`,
			[here.id],
		);
		const toVerify = await q(
			`select x.id, x.content, x.deadline, d.name as department, mi.number_year, mi.number_seq,
			   (select max(u.at) from matter_updates u where u.tenant_id = x.tenant_id and u.matter_id = x.id and u.kind = 'done') as since
			 from decided_matters x
			 join departments d on d.tenant_id = x.tenant_id and d.id = x.lead_department_id
			 join minutes mi on mi.tenant_id = x.tenant_id and mi.id = x.minutes_id
			 where x.tenant_id = $1 and x.status = 'done' order by since nulls first, x.deadline`,
			[here.id],
		);
		const figures = await childFigures(here.id as string);
		const needing = figures.rows
			.map((r): Row => ({ ...r, flags: flagsOf(r, figures.today) }))
			.filter((r) => (r.flags as string[]).length > 0)
			.sort(
				(a, b) =>
					(b.flags as string[]).length - (a.flags as string[]).length ||
					Number(b.overdue) - Number(a.overdue) ||
					Number(b.matters) - Number(a.matters) ||
					String(a.name).localeCompare(String(b.name)),
			);
		body = (
			<>
				<h1>{String(here.name)}</h1>
				<p>
					{String(here.gov_name)} / {String(here.union_name)} {place?.asked ? "上级单位" : ""}{" "}
					{place?.has_children ? "下级单位" : ""}
				</p>
				<Table rows={upcoming} columns={["title", "scheduled_start", "place", "on_roster"]} />
				<Table rows={requests} columns={["title", "kind", "since", "answered"]} />
				<Table rows={own} columns={["title", "requester", "due_on", "status"]} />
				<Table rows={review} columns={["title", "unit_name", "since"]} />
				<p>待审核 {String(review[0]?.n ?? 0)}</p>
				<Table rows={toVerify} columns={["content", "department", "deadline", "since"]} />
				<p>需关注的下级单位 {needing.length}</p>
				<Table rows={needing.slice(0, 10)} columns={["name", "flags"]} />
			</>
		);
	} else if (match[2] === "/reports") {
		// The statistics page (issue 25): the same figures as the app's, read by plain SQL from the kept
		// subtree sums (migration 2026-12-06T1100) without RLS: one row per direct child with its
		// subtree's sums for this year, the day-dependent figures counted against today (China time),
		// a total row, the five years' trend of the children's sums (the base's subtree less its own),
		// and the app's four charts drawn from them (charts() below).
		const { rows, year } = await childFigures(here.id as string);
		const trend = await q(
			`with g as (select s.year, s.regular_held, s.first_systems from unit_subtree_year_figures s
			   where s.tenant_id = $1 and s.year <= $2)
			 select y.year, u.units - 1 as units,
			   (select coalesce(sum(g.first_systems), 0) from g where g.year <= y.year)::int
			     - (u.first_system_year is not null and u.first_system_year <= y.year)::int as with_system,
			   (select coalesce(sum(g.regular_held), 0) from g where g.year = y.year)::int
			     - (f.regular_on is not null)::int as regular_held
			 from generate_series($2::int - 4, $2::int) y (year)
			 join unit_subtree_units u on u.tenant_id = $1
			 left join unit_year_figures f on f.tenant_id = $1 and f.year = y.year
			 order by y.year`,
			[here.id, year],
		);
		const columns = ["name", "kind", "units", "with_system", "regular_held", "extraordinary", "minutes_issued"];
		const more = [
			"matters",
			"matters_closed",
			"on_time",
			"in_progress",
			"overdue",
			"publicity",
			"minutes_late",
			"not_publicised",
		];
		const total: Row = { name: "合计" };
		for (const c of [...columns.slice(2), ...more]) total[c] = rows.reduce((sum, r) => sum + Number(r[c]), 0);
		const topics = [0, 1, 2, 3, 4, 5, 6].map((i) =>
			rows.reduce((sum, r) => sum + Number((r.topics as number[])[i]), 0),
		);
		body = (
			<>
				<h1>统计分析 {year}</h1>
				<Table rows={[...rows, total]} columns={[...columns, ...more]} />
				<Table rows={trend} columns={["year", "units", "with_system", "regular_held"]} />
				{charts(trend, rows.slice(0, 20), topics).map((svg, i) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: a benchmark's fixed list of drawings
					// biome-ignore lint/security/noDangerouslySetInnerHtml: SVG drawn here by ECharts
					<figure key={i} dangerouslySetInnerHTML={{ __html: svg }} />
				))}
			</>
		);
	} else if (!match[3]) {
		const meetings = await q(
			`select m.title, m.kind, m.status, m.year, m.seq, m.held_on,
			   (select count(*) from topics t where t.tenant_id = m.tenant_id and t.meeting_id = m.id) as topics,
			   (select count(*) from publicity p where p.tenant_id = m.tenant_id and p.meeting_id = m.id) as publicity
			 from meetings m where m.tenant_id = $1 order by m.year desc, m.seq desc`,
			[here.id],
		);
		body = (
			<>
				<h1>联席会议</h1>
				<Table rows={meetings} columns={["title", "kind", "status", "year", "seq", "held_on", "topics", "publicity"]} />
			</>
		);
	} else {
		const args = [here.id, match[3]];
		const [meeting] = await q("select * from meetings where tenant_id = $1 and id = $2", args);
		if (!meeting) return [404, "not found"];
		// What the app's meeting page shows, each list by a plain query: topics with who proposed them,
		// both sides' agreements with names, departments' opinions with who answered, the files of both,
		// the roster with names, the leaders the system names (whether any is missing from the roster),
		// the agenda and the previous meeting's matters it reports on, the consents and the publicity.
		const topics = await q(
			`select t.id, t.category, t.title, t.status, t.background, t.research, t.suggestions, u.display_name as proposer
			 from topics t left join users u on u.id = t.proposed_by
			 where t.tenant_id = $1 and t.meeting_id = $2 order by t.sort_order`,
			args,
		);
		const agreements = await q(
			`select a.topic_id, a.side, a.comment, a.at, u.display_name as name from topic_agreements a
			 join users u on u.id = a.user_id
			 where a.tenant_id = $1 and a.topic_id in (select id from topics where tenant_id = $1 and meeting_id = $2)`,
			args,
		);
		const opinions = await q(
			`select r.id, r.topic_id, d.name as department, r.due_on, r.answer, r.answered_at, u.display_name as answered_by
			 from opinion_requests r join departments d on d.tenant_id = r.tenant_id and d.id = r.department_id
			 left join users u on u.id = r.answered_by
			 where r.tenant_id = $1 and r.topic_id in (select id from topics where tenant_id = $1 and meeting_id = $2)`,
			args,
		);
		const files = await q(
			`select l.topic_id as owner, f.id, f.original_name, f.size_bytes from topic_files l
			 join files f on f.tenant_id = l.tenant_id and f.id = l.file_id
			 where l.tenant_id = $1 and l.topic_id in (select id from topics where tenant_id = $1 and meeting_id = $2)
			 union all
			 select l.opinion_request_id, f.id, f.original_name, f.size_bytes from opinion_files l
			 join files f on f.tenant_id = l.tenant_id and f.id = l.file_id
			 join opinion_requests r on r.tenant_id = l.tenant_id and r.id = l.opinion_request_id
			 where l.tenant_id = $1 and r.topic_id in (select id from topics where tenant_id = $1 and meeting_id = $2)`,
			args,
		);
		const attendees = await q(
			`select a.user_id, coalesce(u.display_name, a.guest_name) as name, a.guest_org, a.capacity, a.presence,
			   a.absence_reason, a.leave_reason, lu.display_name as leave_by
			 from attendees a left join users u on u.id = a.user_id left join users lu on lu.id = a.leave_by
			 where a.tenant_id = $1 and a.meeting_id = $2 order by a.sort_order`,
			args,
		);
		const leaders = await q(
			`select l.user_id, l.role, u.display_name as name from systems s
			 join system_leaders l on l.tenant_id = s.tenant_id and l.system_id = s.id
			 join users u on u.id = l.user_id
			 where s.tenant_id = $1 and s.superseded_at is null`,
			[here.id],
		);
		const agenda = await q(
			"select position, title from agenda_items where tenant_id = $1 and meeting_id = $2 order by position",
			args,
		);
		const previous = await q(
			`select x.content, x.status, d.name as department from meetings p
			 join minutes mi on mi.tenant_id = p.tenant_id and mi.meeting_id = p.id
			 join decided_matters x on x.tenant_id = mi.tenant_id and x.minutes_id = mi.id
			 join departments d on d.tenant_id = x.tenant_id and d.id = x.lead_department_id
			 where p.id = (select p2.id from meetings p2 where p2.tenant_id = $1 and p2.id <> $2
			   and p2.status = 'minutes_issued' and p2.held_on < coalesce($3::date, 'infinity')
			   order by p2.held_on desc limit 1)`,
			[here.id, match[3], meeting.held_on],
		);
		const consents = await q(
			`select c.side, c.decision, c.reason, c.at, u.display_name as name from meeting_consents c
			 left join users u on u.id = c.user_id where c.tenant_id = $1 and c.meeting_id = $2`,
			args,
		);
		const publicity = await q(
			"select channel, title, link, published_on from publicity where tenant_id = $1 and meeting_id = $2 order by published_on",
			args,
		);
		const rostered = new Set(attendees.map((a) => a.user_id));
		const missing = leaders.filter((l) => !rostered.has(l.user_id));
		body = (
			<>
				<h1>{String(meeting.title)}</h1>
				<p>
					{String(meeting.status)} {String(meeting.reason ?? "")} {String(meeting.window_from ?? "")}–
					{String(meeting.window_to ?? "")} {String(meeting.place ?? "")}
				</p>
				{topics.map((topic) => (
					<section key={String(topic.id)}>
						<h2>
							{String(topic.category)} {String(topic.title)} {String(topic.status)}
						</h2>
						<p>提出人：{String(topic.proposer ?? "—")}</p>
						<p>{String(topic.background)}</p>
						<p>{String(topic.research)}</p>
						<p>{String(topic.suggestions)}</p>
						<Table
							rows={agreements.filter((x) => x.topic_id === topic.id)}
							columns={["side", "name", "at", "comment"]}
						/>
						<Table
							rows={opinions.filter((x) => x.topic_id === topic.id)}
							columns={["department", "answer", "answered_by", "due_on"]}
						/>
						<Table
							rows={files.filter(
								(f) => f.owner === topic.id || opinions.some((o) => o.topic_id === topic.id && o.id === f.owner),
							)}
							columns={["original_name", "size_bytes"]}
						/>
					</section>
				))}
				<p>
					{missing.length === 0 ? "通知要求出席的领导均已列入。" : `未列入：${missing.map((l) => l.name).join("、")}`}
				</p>
				<Table
					rows={attendees}
					columns={["name", "guest_org", "capacity", "presence", "absence_reason", "leave_reason", "leave_by"]}
				/>
				<Table rows={agenda} columns={["position", "title"]} />
				<Table rows={previous} columns={["content", "department", "status"]} />
				<Table rows={consents} columns={["side", "decision", "name", "at", "reason"]} />
				<Table rows={publicity} columns={["published_on", "channel", "title", "link"]} />
			</>
		);
	}
	const html = renderToString(
		<Page
			title={String(here.name)}
			user={String(user.display_name)}
			tenants={memberships}
			notifications={Number(unread?.n)}
		>
			{body}
		</Page>,
	);
	return [200, `<!doctype html>${html}`];
}

const server = createServer(async (req, res) => {
	try {
		if (mode === "A") {
			const [row] = await q("select name, gov_name, union_name from tenants where slug = $1", ["smx"]);
			res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
			res.end(
				`<!doctype html><html lang="zh-CN"><body><h1>${row?.name}</h1><p>${row?.gov_name} / ${row?.union_name}</p></body></html>`,
			);
			return;
		}
		const [status, html] = await pageB(req.url ?? "/", req.headers.cookie);
		res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
		res.end(html);
	} catch (error) {
		res.writeHead(500);
		res.end(String(error));
	}
});
server.listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
