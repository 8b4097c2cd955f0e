import { inject } from "vitest";

export const baseUrl = () => inject("baseUrl");

/** A tiny cookie-keeping client for the HTTP tests: same-origin headers unless told otherwise. */
export class HttpClient {
	cookies = new Map<string, string>();
	readonly base: string;

	/** The shared e2e app, or another one (a test's own app). */
	constructor(base?: string) {
		this.base = base ?? baseUrl();
	}

	async request(path: string, init: RequestInit & { form?: Record<string, string>; origin?: string | null } = {}) {
		const headers = new Headers(init.headers);
		const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
		if (cookie) headers.set("cookie", cookie);
		let body = init.body;
		if (init.form) {
			body = new URLSearchParams(init.form);
			headers.set("content-type", "application/x-www-form-urlencoded");
		}
		const method = init.method ?? (init.form ? "POST" : "GET");
		if (method !== "GET" && init.origin !== null) headers.set("origin", init.origin ?? this.base);
		const response = await fetch(`${this.base}${path}`, { ...init, method, headers, body, redirect: "manual" });
		for (const setCookie of response.headers.getSetCookie()) {
			const [pair] = setCookie.split(";");
			const [name, ...value] = (pair ?? "").split("=");
			if (!name) continue;
			if (/max-age=0/i.test(setCookie)) this.cookies.delete(name.trim());
			else this.cookies.set(name.trim(), value.join("="));
		}
		return response;
	}

	async signIn(email: string, password = "lianxi-demo-2024") {
		const response = await this.request("/login", { form: { email, password } });
		if (response.status !== 302) throw new Error(`sign-in of ${email} answered ${response.status}`);
		return response;
	}
}
