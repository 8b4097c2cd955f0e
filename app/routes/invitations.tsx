import { data, Form, redirect, useLoaderData, useSearchParams } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PublicPage } from "#app/components/public-page.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { answerInvitation, listMyInvitations } from "#app/domain/people/invitations.server.ts";
import { roleLabelKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { requestMeta, requireUser } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/invitations";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "invitations.title");
}

/** `/invitations`: the signed-in person's open invitations, from any unit, to accept or decline. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const user = await requireUser({ request, context });
	const invitations = await listMyInvitations(context.get(servicesContext).db.app, user.id);
	return { invitations: invitations.map((i) => ({ ...i, createdAt: chinaDateTime(i.createdAt) })) };
}

const answerSchema = z.object({ intent: z.enum(["accept", "decline"]), invitationId: z.uuid() });

export async function action({ request, context }: Route.ActionArgs) {
	const user = await requireUser({ request, context });
	const formData = await request.formData();
	const parsed = answerSchema.safeParse(Object.fromEntries(formData));
	if (!parsed.success) throw data(null, { status: 400 });
	const answered = await answerInvitation(context.get(servicesContext).db.app, {
		userId: user.id,
		invitationId: parsed.data.invitationId,
		reply: parsed.data.intent === "accept" ? "accepted" : "declined",
		meta: requestMeta(context),
	});
	if (!answered.ok) throw data(null, { status: 404 });
	throw redirect(parsed.data.intent === "accept" ? `/t/${answered.tenantSlug}` : "/invitations?declined=1");
}

export default function Invitations() {
	const t = useT();
	const { invitations } = useLoaderData<typeof loader>();
	const [searchParams] = useSearchParams();
	return (
		<PublicPage title={t("app.name")}>
			<h1 className="text-2xl font-semibold">{t("invitations.title")}</h1>
			<p className="mt-2 text-sm text-slate-700">{t("invitations.intro")}</p>
			{searchParams.get("declined") ? (
				<Notice tone="success" className="mt-4">
					{t("invite.declined")}
				</Notice>
			) : null}
			{invitations.length === 0 ? (
				<p className="mt-6 text-slate-700">{t("invitations.none")}</p>
			) : (
				<ScrollBox label={t("invitations.title")} className="mt-6 rounded border border-slate-200 bg-white">
					<table className="w-full min-w-[32rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("invitations.col.tenant")}</Th>
								<Th>{t("invitations.col.roles")}</Th>
								<Th>{t("invitations.col.invitedAt")}</Th>
								<Th>{t("invitations.col.answer")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{invitations.map((invitation) => (
								<tr key={invitation.id}>
									<td className="px-4 py-2">{invitation.tenantName}</td>
									<td className="px-4 py-2">
										<span className="flex flex-wrap gap-1">
											{invitation.roles.map((role) => (
												<StatusTag key={role} tone="info">
													{t(roleLabelKey(role, { kind: invitation.tenantKind, name: invitation.tenantName }))}
												</StatusTag>
											))}
										</span>
									</td>
									<td className="px-4 py-2 tabular-nums">{invitation.createdAt}</td>
									<td className="px-4 py-2">
										<div className="flex flex-wrap gap-2">
											<Form method="post">
												<input type="hidden" name="invitationId" value={invitation.id} />
												<Button type="submit" name="intent" value="accept">
													{t("invite.accept")}
													<span className="sr-only"> {invitation.tenantName}</span>
												</Button>
											</Form>
											<Form method="post">
												<input type="hidden" name="invitationId" value={invitation.id} />
												<Button type="submit" name="intent" value="decline" variant="secondary">
													{t("invite.decline")}
													<span className="sr-only"> {invitation.tenantName}</span>
												</Button>
											</Form>
										</div>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</ScrollBox>
			)}
		</PublicPage>
	);
}
