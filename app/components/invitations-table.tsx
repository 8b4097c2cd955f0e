import { Form } from "react-router";
import type { InvitationState } from "#app/domain/people/invitations.server.ts";
import { type Role, roleLabelKey, type TenantKind } from "#app/domain/tenancy/roles.ts";
import { useT } from "#app/i18n/i18n.ts";
import { StatusTag, type Tone } from "./status-tag.tsx";
import { ScrollBox, Th } from "./table.tsx";

interface InvitationRow {
	id: string;
	name: string;
	email: string;
	roles: Role[];
	state: InvitationState;
	sendCount: number;
	sentAt: string | null;
	expiresAt: string;
	answeredAt: string | null;
}

const toneOf: Record<InvitationState, Tone> = {
	sending: "info",
	sent: "info",
	accepted: "good",
	declined: "neutral",
	expired: "warn",
	revoked: "neutral",
};

const smallButton =
	"rounded border border-slate-400 bg-white px-3 py-1 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-700";

/**
 * The unit's invitations and where each stands (ADR 0008): the link went to the invited mailbox and
 * is never shown here; a pending one can be mailed again (with a new link) or withdrawn.
 */
export function InvitationsTable({
	invitations,
	tenant,
}: {
	invitations: InvitationRow[];
	tenant: { kind: TenantKind; name: string };
}) {
	const t = useT();
	return (
		<section aria-labelledby="people-invitations" className="rounded border border-slate-200 bg-white">
			<h2 id="people-invitations" className="p-4 font-medium">
				{t("people.invitations")}
			</h2>
			{invitations.length === 0 ? (
				<p className="px-4 pb-4 text-sm text-slate-600">{t("people.pendingNone")}</p>
			) : (
				<ScrollBox label={t("people.invitations")}>
					<table className="w-full min-w-[48rem] text-left text-sm">
						<thead className="border-y border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("people.col.name")}</Th>
								<Th>{t("people.col.email")}</Th>
								<Th>{t("people.col.roles")}</Th>
								<Th>{t("people.col.status")}</Th>
								<Th>{t("people.col.expiresAt")}</Th>
								<Th>
									<span className="sr-only">{t("people.manage")}</span>
								</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{invitations.map((invitation) => {
								const open =
									invitation.state === "sending" || invitation.state === "sent" || invitation.state === "expired";
								return (
									<tr key={invitation.id}>
										<td className="px-4 py-2">{invitation.name}</td>
										<td className="px-4 py-2">{invitation.email}</td>
										<td className="px-4 py-2">
											<span className="flex flex-wrap gap-1">
												{invitation.roles.map((role) => (
													<StatusTag key={role} tone="info">
														{t(roleLabelKey(role, tenant))}
													</StatusTag>
												))}
											</span>
										</td>
										<td className="px-4 py-2">
											<StatusTag tone={toneOf[invitation.state]}>
												{t(`people.invitation.${invitation.state}`)}
											</StatusTag>
											{invitation.sentAt ? (
												<span className="mt-1 block text-xs text-slate-600 tabular-nums">
													{t("people.invitation.sentAt", { at: invitation.sentAt, count: invitation.sendCount })}
												</span>
											) : null}
										</td>
										<td className="px-4 py-2 tabular-nums">
											{open ? invitation.expiresAt : (invitation.answeredAt ?? "—")}
										</td>
										<td className="px-4 py-2">
											{open ? (
												<div className="flex flex-wrap gap-2">
													<Form method="post">
														<input type="hidden" name="intent" value="resend" />
														<input type="hidden" name="invitationId" value={invitation.id} />
														<button type="submit" className={smallButton}>
															{t("people.resend")}
															<span className="sr-only"> {invitation.email}</span>
														</button>
													</Form>
													<Form method="post">
														<input type="hidden" name="intent" value="revoke" />
														<input type="hidden" name="invitationId" value={invitation.id} />
														<button type="submit" className={smallButton}>
															{t("people.revoke")}
															<span className="sr-only"> {invitation.email}</span>
														</button>
													</Form>
												</div>
											) : null}
										</td>
									</tr>
								);
							})}
						</tbody>
					</table>
				</ScrollBox>
			)}
		</section>
	);
}
