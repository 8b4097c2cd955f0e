import { describe, expect, it } from "vitest";
import { MAX_FORM_FIELDS, refuseUnreadableForms } from "#app/lib/form-body.server.ts";

/** A POST whose body arrives in small chunks, so separators fall across chunk boundaries. */
function post(body: Uint8Array, contentType: string, chunk = 7) {
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			for (let at = 0; at < body.length; at += chunk) controller.enqueue(body.slice(at, at + chunk));
			controller.close();
		},
	});
	return new Request("http://localhost/t/smx/members", {
		method: "POST",
		body: stream,
		headers: { "content-type": contentType },
		duplex: "half",
	} as RequestInit);
}

/** The form as an action reads it behind the root middleware, or the status it is refused with. */
async function read(request: Request): Promise<FormData | number> {
	await refuseUnreadableForms({ request } as never, async () => new Response());
	try {
		return await request.formData();
	} catch (error) {
		return (error as { init?: { status?: number } }).init?.status ?? -1;
	}
}

function urlencoded(fields: number) {
	const params = new URLSearchParams();
	for (let i = 0; i < fields; i++) params.append("roles", "viewer");
	return post(new TextEncoder().encode(params.toString()), "application/x-www-form-urlencoded; charset=UTF-8");
}

async function multipart(fields: number, chunk?: number) {
	const form = new FormData();
	for (let i = 0; i < fields; i++) form.append("roles", "viewer");
	const made = new Request("http://localhost/", { method: "POST", body: form });
	return post(new Uint8Array(await made.arrayBuffer()), made.headers.get("content-type") ?? "", chunk);
}

describe("the field limit of form bodies", () => {
	it("reads a form of exactly the limit, urlencoded or multipart, whatever the chunking", async () => {
		expect(MAX_FORM_FIELDS).toBe(1000);
		for (const request of [
			urlencoded(1000),
			await multipart(1000),
			await multipart(1000, 5),
			await multipart(1000, 4096),
		]) {
			const form = await read(request);
			expect(form).toBeInstanceOf(FormData);
			expect((form as FormData).getAll("roles")).toHaveLength(1000);
		}
	});

	it("refuses one field more with 413, urlencoded or multipart", async () => {
		for (const request of [
			urlencoded(1001),
			await multipart(1001),
			await multipart(1001, 5),
			await multipart(100_000, 65_536),
		]) {
			expect(await read(request)).toBe(413);
		}
	});

	it("still answers 400 to a body that is no readable form", async () => {
		const broken = post(new TextEncoder().encode("--x\\r\\nnot a part"), "multipart/form-data; boundary=x");
		expect(await read(broken)).toBe(400);
	});
});
