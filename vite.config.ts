import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

/** App code that is not a route module (routes stay one chunk each, as React Router loads them). */
const sharedAppCode = (id: string) =>
	/[\\/]app[\\/]/.test(id) && !id.includes("?") && !/[\\/]app[\\/](root\.tsx|routes[\\/])/.test(id);

export default defineConfig({
	plugins: [tailwindcss(), reactRouter()],
	environments: {
		client: {
			build: {
				rolldownOptions: {
					output: {
						// The browser's code in a few chunks (ADR 0020): the libraries with the client entry, the
						// app code two or more routes share in one chunk, then one chunk per route. Left to
						// itself the bundler made about twenty small shared chunks, and every page named each
						// in a <link rel="modulepreload">: 23 for the meetings list, rendered on the server
						// per view and fetched by the browser, against 6 now.
						codeSplitting: {
							groups: [
								{ name: "vendor", test: /node_modules/, priority: 2 },
								{ name: "shared", test: sharedAppCode, minShareCount: 2, priority: 1 },
							],
						},
					},
				},
			},
		},
		// The server bundle starts at server/entry.ts: the React Router build plus the express app.
		ssr: { build: { rollupOptions: { input: "./server/entry.ts" } } },
	},
});
