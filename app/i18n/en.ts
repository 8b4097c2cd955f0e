import * as attendanceAndReach from "./areas/attendance-and-reach.ts";
import * as children from "./areas/children.ts";
import * as decisions from "./areas/decisions.ts";
import * as directory from "./areas/directory.ts";
import * as imRobotResults from "./areas/im-robot-results.ts";
import * as imRobots from "./areas/im-robots.ts";
import * as mailLinks from "./areas/mail-links.ts";
import * as matters from "./areas/matters.ts";
import * as meetingPrep from "./areas/meeting-prep.ts";
import * as meetings from "./areas/meetings.ts";
import * as minutes from "./areas/minutes.ts";
import * as notices from "./areas/notices.ts";
import * as notificationsInbox from "./areas/notifications-inbox.ts";
import * as people from "./areas/people.ts";
import * as publicResults from "./areas/public-results.ts";
import * as records from "./areas/records.ts";
import * as reportRequestActs from "./areas/report-request-acts.ts";
import * as reportRequestFormats from "./areas/report-request-formats.ts";
import * as reportRequests from "./areas/report-requests.ts";
import * as reports from "./areas/reports.ts";
import * as rollupHeadings from "./areas/rollup-headings.ts";
import * as rollupReplies from "./areas/rollup-replies.ts";
import * as search from "./areas/search.ts";
import * as security from "./areas/security.ts";
import * as systems from "./areas/systems.ts";
import * as workbench from "./areas/workbench.ts";
import * as writesOnce from "./areas/writes-once.ts";
import type { CoreKey, MessageKey } from "./zh-CN.ts";

/** English: complete, key for key with zh-CN. */
const core: Record<CoreKey, string> = {
	"app.name": "Lianxitong",
	"app.tagline": "Government–trade union joint meetings",
	"app.skipToContent": "Skip to main content",

	"form.error.required": "Required.",
	"form.error.tooLong": "At most {max} characters: shorten it and submit again (what you typed is kept).",
	"form.error.control": "Contains invisible control characters: remove them and submit again.",
	"form.error.invalid": "This value is not valid; please check it.",
	"form.error.tooMany": "At most {max} may be chosen: choose fewer and submit again.",
	"form.error.fields": "Some fields need changes: correct the marked ones and submit again (what you typed is kept).",

	"lang.label": "Language",
	"lang.switchTo": "简体中文",

	"login.title": "Sign in",
	"login.heading": "Sign in to Lianxitong",
	"login.email": "Email",
	"login.password": "Password",
	"login.submit": "Sign in",
	"login.submitting": "Signing in…",
	"login.invalid": "Wrong email or password.",
	"login.emailRequired": "Enter your email.",
	"login.emailInvalid": "This is not a valid email address.",
	"login.passwordRequired": "Enter your password.",
	"login.demoHint": "Demo accounts: <role>@<unit>.demo, e.g. union_staff@smx.demo, password lianxi-demo-2024.",
	"login.noTenant": "Your account is not a member of any organisation yet. Please contact an administrator.",

	"nav.home": "Home",
	"nav.meetings": "Joint meetings",
	"nav.matters": "Decided matters",
	"nav.audit": "Audit trail",
	"nav.opinions": "Opinion requests",
	"nav.system": "Joint-meeting system",
	"nav.register": "Adoption register",
	"nav.departments": "Departments",
	"nav.members": "Members",
	"nav.children": "Subordinate units",
	"nav.settings": "Organisation",
	"nav.signOut": "Sign out",
	"nav.security": "Security events",
	"nav.reports": "Statistics",
	"nav.switchTenant": "Switch organisation",
	"nav.currentTenant": "Current organisation",
	"nav.menu": "Main menu",
	"nav.signedInAs": "Signed in as {name}",

	"home.title": "{tenant} workspace",
	"home.welcome": "Hello, {name}",
	"home.yourRoles": "Your roles here",
	"home.sides": "The two sides",
	"home.govSide": "Government side",
	"home.unionSide": "Union side",
	"home.divisionCode": "Division code",
	"home.kind": "Kind",
	"home.nextStep": "Next step",
	"home.table.name": "Unit",
	"home.table.kind": "Kind",
	"home.table.code": "Division code",
	"home.table.sides": "Government / union",

	"settings.title": "Organisation",
	"settings.intro":
		"How this organisation and its two sides are named on the platform. Only administrators can change it.",
	"settings.name": "Short name",
	"settings.govName": "Government side (authority or association)",
	"settings.unionName": "Union side",
	"settings.divisionCode": "Administrative division code (6 digits, optional)",
	"settings.save": "Save",
	"settings.saving": "Saving…",
	"settings.saved": "Saved.",
	"settings.required": "Required.",
	"settings.divisionCodeInvalid": "A division code has 6 digits.",
	"settings.readOnly": "You may not change the organisation's details.",

	"tenantKind.city": "City",
	"tenantKind.county": "County, county-level city or district",
	"tenantKind.zone": "Management committee",
	"tenantKind.industry": "Industry authority or association",

	"role.admin": "Administrator",
	"role.gov_head.city": "Mayor",
	"role.gov_head.district": "District head",
	"role.gov_head.county": "County head",
	"role.gov_head.countyCity": "Mayor (county-level city)",
	"role.gov_head.zone": "Committee director",
	"role.gov_head.bureau": "Bureau director",
	"role.gov_head.association": "Association president",
	"role.gov_head.industry": "Director (association president)",
	"role.gov_liaison.city": "Vice-mayor liaising with the union",
	"role.gov_liaison.district": "Deputy district head liaising with the union",
	"role.gov_liaison.county": "Deputy county head liaising with the union",
	"role.gov_liaison.countyCity": "Vice-mayor liaising with the union",
	"role.gov_liaison.zone": "Deputy director liaising with the union",
	"role.gov_liaison.bureau": "Deputy bureau director liaising with the union",
	"role.gov_liaison.association": "Vice-president liaising with the union",
	"role.gov_liaison.industry": "Deputy director liaising with the union",
	"role.gov_deputy_secretary": "Deputy secretary-general",
	"role.gov_office": "Government office staff",
	"role.union_chair": "Union chair",
	"role.union_vice_chair": "Union vice-chair",
	"role.union_staff": "Union staff",
	"role.department_liaison": "Department liaison",
	"role.viewer": "Report viewer",

	"error.notFound.title": "Page not found",
	"error.notFound.text": "This page does not exist, or you may not see it.",
	"error.forbidden.title": "Not allowed",
	"error.forbidden.text": "Your role may not do this. Ask your organisation's administrator if you need it.",
	"error.unavailable.title": "The service is briefly unavailable",
	"error.unavailable.text":
		"The database cannot be reached right now. What you just did did not take effect, and nothing was half-saved. Please reload in a moment.",
	"error.server.title": "Something went wrong",
	"error.server.text":
		"The request did not complete and nothing you entered was saved. Please try again; if it keeps happening, contact an administrator.",
	"error.backHome": "Back to home",
	"error.badRequest.title": "Bad request",
	"error.badRequest.text": "The request could not be processed. Please go back and try again.",
	"error.tooManyFields.title": "Too many form fields",
	"error.tooManyFields.text":
		"A form may carry at most {max} fields. This one carried more, so it was refused and nothing was saved. Please go back to the page and submit it again.",
};

export const en: Record<MessageKey, string> = {
	...core,
	...children.en,
	...meetings.en,
	...meetingPrep.en,
	...minutes.en,
	...matters.en,
	...systems.en,
	...decisions.en,
	...directory.en,
	...mailLinks.en,
	...people.en,
	...reports.en,
	...rollupReplies.en,
	...rollupHeadings.en,
	...reportRequests.en,
	...reportRequestActs.en,
	...reportRequestFormats.en,
	...notices.en,
	...notificationsInbox.en,
	...publicResults.en,
	...records.en,
	...search.en,
	...security.en,
	...workbench.en,
	...attendanceAndReach.en,
	...writesOnce.en,
	...imRobots.en,
	...imRobotResults.en,
};
