import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

export default defineConfig({
	plugins: [tailwindcss(), reactRouter()],
	// The server bundle starts at server/entry.ts: the React Router build plus the express app.
	environments: { ssr: { build: { rollupOptions: { input: "./server/entry.ts" } } } },
});
