import { Link, useLoaderData, useSearchParams } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { FileLink } from "#app/components/file-link.tsx";
import { Notice } from "#app/components/notice.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { readSystemHistory } from "#app/domain/systems/read-system.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { roleLabelKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/system";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "systems.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "system.read");
	const history = await readSystemHistory(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
	return {
		tenant: { slug: membership.tenant.slug, kind: membership.tenant.kind, name: membership.tenant.name },
		canRecord: can(membership.roles, "system.record"),
		current: history.current,
		leaders: history.leaders,
		versions: history.versions.map((v) => ({ ...v, recordedAt: iso(v.recordedAt), supersededAt: iso(v.supersededAt) })),
	};
}

export default function JointSystem() {
	const t = useT();
	const p = usePunctuation();
	const { tenant, canRecord, current, leaders, versions } = useLoaderData<typeof loader>();
	const [searchParams] = useSearchParams();
	const saved = searchParams.get("saved");
	const earlier = versions.filter((v) => v.supersededAt !== null);
	return (
		<div className="space-y-5">
			<div className="flex flex-wrap items-start justify-between gap-3">
				<div>
					<div className="flex flex-wrap items-center gap-3">
						<h1 className="text-xl font-semibold">{t("systems.title")}</h1>
						{current ? (
							<StatusTag tone="good">{t("systems.status.established")}</StatusTag>
						) : (
							<StatusTag tone="warn">{t("systems.status.notEstablished")}</StatusTag>
						)}
						{current ? (
							<span className="text-sm text-slate-600">
								{t("systems.establishedSince", { date: current.effectiveOn })}
							</span>
						) : null}
					</div>
					<p className="mt-1 max-w-3xl text-sm text-slate-600">{t("systems.intro")}</p>
				</div>
				{canRecord ? (
					<Link to={`/t/${tenant.slug}/system/new`} className={buttonClass.primary}>
						{current ? t("systems.recordNew") : t("systems.record")}
					</Link>
				) : null}
			</div>
			{saved ? <Notice tone="success">{t("systems.saved", { version: saved })}</Notice> : null}
			{current ? (
				<section aria-labelledby="current" className="rounded border border-slate-200 bg-white p-4">
					<h2 id="current" className="font-medium">
						{t("systems.current")}
						{p.open}
						{t("systems.field.version")} {current.version}
						{p.close}
					</h2>
					<dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
						<dt className="text-slate-600">{t("systems.field.title")}</dt>
						<dd>{current.title}</dd>
						<dt className="text-slate-600">{t("systems.field.issuingBodies")}</dt>
						<dd>{current.issuingBodies}</dd>
						<dt className="text-slate-600">{t("systems.field.docNumber")}</dt>
						<dd>{current.docNumber}</dd>
						<dt className="text-slate-600">{t("systems.field.issuedOn")}</dt>
						<dd className="tabular-nums">{current.issuedOn}</dd>
						<dt className="text-slate-600">{t("systems.field.effectiveOn")}</dt>
						<dd className="tabular-nums">{current.effectiveOn}</dd>
						{current.supersedes ? (
							<>
								<dt className="text-slate-600">{t("systems.field.supersedesShort")}</dt>
								<dd>{current.supersedes}</dd>
							</>
						) : null}
						<dt className="text-slate-600">{t("systems.field.cadence")}</dt>
						<dd>{t(`systems.cadence.${current.cadence}`)}</dd>
						<dt className="text-slate-600">{t("systems.field.leaders")}</dt>
						<dd>
							{leaders.length === 0 ? (
								t("systems.leaders.notNamed")
							) : (
								<ul className="space-y-0.5">
									{leaders.map((l) => (
										<li key={`${l.role}-${l.name}`}>
											{l.name}
											{p.open}
											{t(roleLabelKey(l.role, tenant))}
											{p.close}
										</li>
									))}
								</ul>
							)}
						</dd>
						{current.fileId && current.fileName ? (
							<>
								<dt className="text-slate-600">{t("systems.field.fileShort")}</dt>
								<dd>
									{current.fileName} <FileLink slug={tenant.slug} fileId={current.fileId} name={current.fileName} />
								</dd>
							</>
						) : null}
					</dl>
				</section>
			) : (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">{t("systems.none")}</p>
			)}
			{earlier.length > 0 ? (
				<section
					aria-labelledby="history"
					className="relative overflow-x-auto rounded border border-slate-200 bg-white"
				>
					<h2 id="history" className="p-4 font-medium">
						{t("systems.history")}
					</h2>
					<table className="w-full min-w-[44rem] text-left text-sm">
						<thead className="border-y border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("systems.field.version")}</Th>
								<Th>{t("systems.field.docNumber")}</Th>
								<Th>{t("systems.field.title")}</Th>
								<Th>{t("systems.field.issuedOn")}</Th>
								<Th>{t("systems.field.recorded")}</Th>
								<Th>{t("systems.field.superseded")}</Th>
								<Th>{t("systems.field.fileShort")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{earlier.map((v) => (
								<tr key={v.id}>
									<td className="px-4 py-2 tabular-nums">{v.version}</td>
									<td className="px-4 py-2">{v.docNumber}</td>
									<td className="px-4 py-2">{v.title}</td>
									<td className="px-4 py-2 tabular-nums">{v.issuedOn}</td>
									<td className="px-4 py-2">
										{v.recordedBy ?? "—"} <span className="tabular-nums text-slate-600">{v.recordedAt}</span>
									</td>
									<td className="px-4 py-2 tabular-nums">{v.supersededAt}</td>
									<td className="px-4 py-2">
										{v.fileId && v.fileName ? <FileLink slug={tenant.slug} fileId={v.fileId} name={v.fileName} /> : "—"}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</section>
			) : null}
		</div>
	);
}
