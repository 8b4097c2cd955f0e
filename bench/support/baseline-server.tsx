// Baselines for bench/pages.ts, each a separate process on loopback:
//   A: node:http + pg, one query, a raw string (the least a server can do for a tenant page);
//   B: node:http + pg + React renderToString: the same session check, membership, notifications and
//      page data as the app (plain queries with explicit tenant filters, as the owner, no RLS, no
//      transaction), rendered as a page of the same shape (header, menu, table). The tenant home
//      reads what the app's home reads for the signed-in union staff: the 工作台 and the children.
//   tsx bench/support/baseline-server.tsx A|B <database url> <port>
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";
import { renderToString } from "react-dom/server";

const [mode, url, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 10 });

type Row = Record<string, unknown>;
const q = async (text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as Row[];

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
		// The home's 工作台 for this person (union staff): matters done and waiting for verification,
		// and the scheduled meetings with whether they are on the roster; then the direct children.
		const toVerify = await q(
			`select x.id, x.content, x.deadline, d.name as department, mi.number_year, mi.number_seq,
			   (select max(u.at) from matter_updates u where u.tenant_id = x.tenant_id and u.matter_id = x.id and u.kind = 'done') as since
			 from decided_matters x
			 join departments d on d.tenant_id = x.tenant_id and d.id = x.lead_department_id
			 join minutes mi on mi.tenant_id = x.tenant_id and mi.id = x.minutes_id
			 where x.tenant_id = $1 and x.status = 'done' order by since nulls first, x.deadline`,
			[here.id],
		);
		const upcoming = await q(
			`select m.id, m.title, m.status, m.scheduled_start, m.place,
			   exists (select 1 from attendees a where a.tenant_id = m.tenant_id and a.meeting_id = m.id and a.user_id = $1) as on_roster
			 from meetings m where m.tenant_id = $2 and m.status = 'scheduled' order by m.scheduled_start`,
			[user.id, here.id],
		);
		const children = await q("select name, kind from tenants where parent_id = $1 order by path", [here.id]);
		body = (
			<>
				<h1>{String(here.name)}</h1>
				<p>
					{String(here.gov_name)} / {String(here.union_name)}
				</p>
				<Table rows={toVerify} columns={["content", "department", "deadline", "since"]} />
				<Table rows={upcoming} columns={["title", "scheduled_start", "place", "on_roster"]} />
				<Table rows={children} columns={["name", "kind"]} />
			</>
		);
	} else if (match[2] === "/reports") {
		// The statistics page (issue 25): the same figures as the app's, read by plain SQL from the kept
		// subtree sums (migration 2026-12-06T1100) without RLS: one row per direct child with its
		// subtree's sums for this year, the day-dependent figures counted against today (China time),
		// a total row, and the five years' trend of the children's sums (the base's subtree less its own).
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
			   coalesce(day_tally_count(s.open_deadlines, $3::date - 1), 0) as overdue
			 from tenants t join unit_subtree_units u on u.tenant_id = t.id
			 left join unit_subtree_year_figures s on s.tenant_id = t.id and s.year = $2
			 where t.parent_id = $1 order by t.path`,
			[here.id, year, today],
		);
		const trend = await q(
			`select s.year, s.regular_held - (f.regular_on is not null)::int as regular_held
			 from unit_subtree_year_figures s
			 left join unit_year_figures f on f.tenant_id = s.tenant_id and f.year = s.year
			 where s.tenant_id = $1 and s.year between $2 - 4 and $2 order by s.year`,
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
		body = (
			<>
				<h1>统计分析 {year}</h1>
				<Table rows={[...rows, total]} columns={[...columns, ...more]} />
				<Table rows={trend} columns={["year", "regular_held"]} />
			</>
		);
	} else if (!match[3]) {
		const meetings = await q(
			`select m.title, m.kind, m.status, m.year, m.seq, m.held_on,
			   (select count(*) from topics t where t.tenant_id = m.tenant_id and t.meeting_id = m.id) as topics
			 from meetings m where m.tenant_id = $1 order by m.year desc, m.seq desc`,
			[here.id],
		);
		body = (
			<>
				<h1>联席会议</h1>
				<Table rows={meetings} columns={["title", "kind", "status", "year", "seq", "held_on", "topics"]} />
			</>
		);
	} else {
		const args = [here.id, match[3]];
		const [meeting] = await q("select * from meetings where tenant_id = $1 and id = $2", args);
		if (!meeting) return [404, "not found"];
		const topics = await q(
			"select category, title, status from topics where tenant_id = $1 and meeting_id = $2 order by sort_order",
			args,
		);
		await q(
			"select * from topic_agreements where tenant_id = $1 and topic_id in (select id from topics where tenant_id = $1 and meeting_id = $2)",
			args,
		);
		await q(
			"select * from opinion_requests where tenant_id = $1 and topic_id in (select id from topics where tenant_id = $1 and meeting_id = $2)",
			args,
		);
		const attendees = await q(
			"select coalesce(u.display_name, a.guest_name) as name, a.guest_org, a.capacity, a.presence from attendees a left join users u on u.id = a.user_id where a.tenant_id = $1 and a.meeting_id = $2 order by a.sort_order",
			args,
		);
		const agenda = await q(
			"select position, title from agenda_items where tenant_id = $1 and meeting_id = $2 order by position",
			args,
		);
		await q("select * from meeting_consents where tenant_id = $1 and meeting_id = $2", args);
		await q("select * from publicity where tenant_id = $1 and meeting_id = $2", args);
		await q(
			"select id, name from departments where tenant_id = $1 and archived_at is null order by category, sort_order",
			[here.id],
		);
		body = (
			<>
				<h1>{String(meeting.title)}</h1>
				<Table rows={agenda} columns={["position", "title"]} />
				<Table rows={topics} columns={["category", "title", "status"]} />
				<Table rows={attendees} columns={["name", "guest_org", "capacity", "presence"]} />
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
