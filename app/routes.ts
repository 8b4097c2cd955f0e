import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
	index("routes/home-redirect.tsx"),
	route("login", "routes/login.tsx"),
	route("logout", "routes/logout.tsx"),
	route("lang", "routes/lang.tsx"),
	route("t/:slug", "routes/tenant-layout.tsx", [
		index("routes/tenant-home.tsx"),
		route("settings", "routes/tenant-settings.tsx"),
	]),
	route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
