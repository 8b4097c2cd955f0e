import type { Tx } from "#db/run-as.ts";

interface AttachedFile {
	id: string;
	name: string;
}

/** The files attached to opinion answers, by request id. */
export async function opinionFiles(
	tx: Tx,
	tenantId: string,
	requestIds: string[],
): Promise<Map<string, AttachedFile[]>> {
	if (requestIds.length === 0) return new Map();
	const rows = await tx
		.selectFrom("opinion_files as l")
		.innerJoin("files as f", (j) => j.onRef("f.tenant_id", "=", "l.tenant_id").onRef("f.id", "=", "l.file_id"))
		.select(["l.opinion_request_id as owner", "f.id", "f.original_name as name"])
		.where("l.tenant_id", "=", tenantId)
		.where("l.opinion_request_id", "in", requestIds)
		.orderBy("f.created_at")
		.execute();
	return group(rows);
}

/** The files attached to topics (their 背景情况, 调查研究, 建议和对策), by topic id. */
export async function topicFiles(tx: Tx, tenantId: string, topicIds: string[]): Promise<Map<string, AttachedFile[]>> {
	if (topicIds.length === 0) return new Map();
	const rows = await tx
		.selectFrom("topic_files as l")
		.innerJoin("files as f", (j) => j.onRef("f.tenant_id", "=", "l.tenant_id").onRef("f.id", "=", "l.file_id"))
		.select(["l.topic_id as owner", "f.id", "f.original_name as name"])
		.where("l.tenant_id", "=", tenantId)
		.where("l.topic_id", "in", [...new Set(topicIds)])
		.orderBy("f.created_at")
		.execute();
	return group(rows);
}

function group(rows: { owner: string; id: string; name: string }[]) {
	const map = new Map<string, AttachedFile[]>();
	for (const { owner, id, name } of rows) map.set(owner, [...(map.get(owner) ?? []), { id, name }]);
	return map;
}
