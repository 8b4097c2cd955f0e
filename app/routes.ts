import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
	index("routes/home-redirect.tsx"),
	route("login", "routes/login.tsx"),
	route("logout", "routes/logout.tsx"),
	route("lang", "routes/lang.tsx"),
	route("set-password/:token", "routes/password-setup.tsx"),
	route("t/:slug", "routes/tenant-layout.tsx", [
		index("routes/tenant-home.tsx"),
		route("settings", "routes/tenant-settings.tsx"),
		route("children", "routes/children.tsx"),
		route("members", "routes/people.tsx"),
		route("members/:userId", "routes/person.tsx"),
		route("departments", "routes/department-list.tsx"),
		route("departments/:departmentId", "routes/department-detail.tsx"),
		route("system", "routes/joint-system.tsx"),
		route("system/new", "routes/joint-system-record.tsx"),
		route("register", "routes/adoption-register.tsx"),
		route("meetings", "routes/meetings.tsx"),
		route("meetings/new", "routes/meeting-new.tsx"),
		route("meetings/:meetingId", "routes/meeting.tsx"),
		route("meetings/:meetingId/calendar.ics", "routes/meeting-calendar.tsx"),
		route("opinions", "routes/opinions.tsx"),
		route("notifications", "routes/notifications.tsx"),
		route("files/:fileId/:fileName", "routes/download-file.tsx"),
	]),
	route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
