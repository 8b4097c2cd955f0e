import { roleLabelKey, type TenantKind } from "#app/domain/tenancy/roles.ts";
import type { NamedActor, NextStepLine } from "#app/domain/workbench/next-step.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";

/**
 * The next step in words (issue #21): "等待 陈国华（县长）或 王志强（副县长）同意召开", or "请您决定是否同意召开"
 * when it is the reader's turn. A person is named with their 职务, or else the role they act by.
 */
export function NextStepText({ line, tenant }: { line: NextStepLine; tenant: { kind: TenantKind; name: string } }) {
	const t = useT();
	const p = usePunctuation();
	const { step, you, waitingFor } = line;
	if (step === "followUp" || step === "closed") return <>{t(`workbench.step.${step}`)}</>;
	const person = (a: NamedActor) => {
		const role = t(roleLabelKey(a.role, tenant));
		return a.name ? `${a.name}${p.open}${a.title ?? role}${p.close}` : role;
	};
	const people = waitingFor.map((group) => group.map(person).join(t("workbench.or"))).join(t("workbench.and"));
	if (!you) return <>{t(`workbench.step.wait.${step}`, { people })}</>;
	const also = (step === "consent" || step === "prepare") && waitingFor.length > 0;
	return (
		<>
			<strong className="font-semibold">{t(`workbench.step.you.${step}`)}</strong>
			{also ? ` ${t(`workbench.step.with.${step}`, { people })}` : null}
		</>
	);
}
