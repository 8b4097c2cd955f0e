import { Form, useLoaderData } from "react-router";
import { Button } from "#app/components/button.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { listMemberSecurityEvents } from "#app/domain/auth/member-security-events.server.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/security";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "security.title");
}

/**
 * `/t/<slug>/security`: the administrator reads what members did in this unit (sessions that entered
 * it, throttled sign-ins while members, membership changes); their sign-ins elsewhere stay theirs.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "security.read");
	const throttledOnly = new URL(request.url).searchParams.get("show") === "throttled";
	const events = await listMemberSecurityEvents(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		{ throttledOnly },
	);
	return { throttledOnly, events: events.map((e) => ({ ...e, at: chinaDateTime(e.at) })) };
}

const tone = { login_throttled: "bad", "member.disabled": "bad", "member.roles_changed": "info" } as const;

export default function SecurityEvents() {
	const t = useT();
	const { throttledOnly, events } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-4">
			<PageHeader title={t("security.title")} intro={t("security.intro")} />
			<Form
				method="get"
				className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
			>
				<label>
					<span className="block text-slate-700">{t("security.filter")}</span>
					<select
						name="show"
						defaultValue={throttledOnly ? "throttled" : ""}
						className="mt-1 rounded border border-slate-400 bg-white px-2 py-1"
					>
						<option value="">{t("security.all")}</option>
						<option value="throttled">{t("security.throttledOnly")}</option>
					</select>
				</label>
				<Button type="submit" variant="secondary">
					{t("security.filter")}
				</Button>
			</Form>
			{events.length === 0 ? (
				<p className="text-sm text-slate-600">{t("security.none")}</p>
			) : (
				<ScrollBox label={t("security.title")} className="rounded border border-slate-200 bg-white">
					<table className="w-full min-w-[44rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("security.col.at")}</Th>
								<Th>{t("security.col.person")}</Th>
								<Th>{t("security.col.kind")}</Th>
								<Th>{t("security.col.ip")}</Th>
								<Th>{t("security.col.device")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{events.map((e) => (
								<tr key={e.key}>
									<td className="px-4 py-2 whitespace-nowrap tabular-nums">{e.at}</td>
									<td className="px-4 py-2">
										{e.name} <span className="text-slate-600">{e.email}</span>
									</td>
									<td className="px-4 py-2">
										<StatusTag tone={tone[e.kind as keyof typeof tone] ?? "neutral"}>
											{t(`security.kind.${e.kind}` satisfies MessageKey)}
										</StatusTag>
										{e.actorName ? (
											<span className="ml-2 text-slate-600">{t("security.by", { name: e.actorName })}</span>
										) : null}
									</td>
									<td className="px-4 py-2 tabular-nums">{e.ip ?? "—"}</td>
									<td className="px-4 py-2">{e.device}</td>
								</tr>
							))}
						</tbody>
					</table>
				</ScrollBox>
			)}
		</div>
	);
}
