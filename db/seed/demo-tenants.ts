import type { Role, TenantKind } from "../schema.ts";

interface DemoTenant {
	slug: string;
	kind: TenantKind;
	name: string;
	gov_name: string;
	union_name: string;
	division_code: string | null;
	parent: string | null;
}

/** The Sanmenxia tenant tree named by NOTICE.md's W1 (the city, its county level, zones, industries). */
export const demoTenants: DemoTenant[] = [
	{
		slug: "smx",
		kind: "city",
		name: "三门峡市",
		gov_name: "三门峡市人民政府",
		union_name: "三门峡市总工会",
		division_code: "411200",
		parent: null,
	},
	{
		slug: "hubin",
		kind: "county",
		name: "湖滨区",
		gov_name: "湖滨区人民政府",
		union_name: "湖滨区总工会",
		division_code: "411202",
		parent: "smx",
	},
	{
		slug: "shanzhou",
		kind: "county",
		name: "陕州区",
		gov_name: "陕州区人民政府",
		union_name: "陕州区总工会",
		division_code: "411203",
		parent: "smx",
	},
	{
		slug: "mianchi",
		kind: "county",
		name: "渑池县",
		gov_name: "渑池县人民政府",
		union_name: "渑池县总工会",
		division_code: "411221",
		parent: "smx",
	},
	{
		slug: "lushi",
		kind: "county",
		name: "卢氏县",
		gov_name: "卢氏县人民政府",
		union_name: "卢氏县总工会",
		division_code: "411224",
		parent: "smx",
	},
	{
		slug: "yima",
		kind: "county",
		name: "义马市",
		gov_name: "义马市人民政府",
		union_name: "义马市总工会",
		division_code: "411281",
		parent: "smx",
	},
	{
		slug: "lingbao",
		kind: "county",
		name: "灵宝市",
		gov_name: "灵宝市人民政府",
		union_name: "灵宝市总工会",
		division_code: "411282",
		parent: "smx",
	},
	{
		slug: "shifanqu",
		kind: "zone",
		name: "城乡一体化示范区",
		gov_name: "三门峡市城乡一体化示范区管理委员会",
		union_name: "三门峡市城乡一体化示范区工会",
		division_code: null,
		parent: "smx",
	},
	{
		slug: "kaifaqu",
		kind: "zone",
		name: "经济开发区",
		gov_name: "三门峡经济开发区管理委员会",
		union_name: "三门峡经济开发区工会",
		division_code: null,
		parent: "smx",
	},
	{
		slug: "fuwuqu",
		kind: "zone",
		name: "现代服务业开发区",
		gov_name: "三门峡市现代服务业开发区管理委员会",
		union_name: "三门峡市现代服务业开发区工会",
		division_code: null,
		parent: "smx",
	},
	{
		slug: "jianshe",
		kind: "industry",
		name: "市住房和城乡建设局",
		gov_name: "三门峡市住房和城乡建设局",
		union_name: "三门峡市建设工会",
		division_code: null,
		parent: "smx",
	},
	{
		slug: "kuaidi",
		kind: "industry",
		name: "市快递行业协会",
		gov_name: "三门峡市快递行业协会",
		union_name: "三门峡市快递行业工会联合会",
		division_code: null,
		parent: "smx",
	},
	// A grandchild of the city: the roll-up reports drill from the city into 灵宝市 and on to it.
	{
		slug: "lingbao-kuaidi",
		kind: "industry",
		name: "灵宝市快递行业协会",
		gov_name: "灵宝市快递行业协会",
		union_name: "灵宝市快递行业工会",
		division_code: null,
		parent: "lingbao",
	},
];

export const demoRoles: Role[] = [
	"admin",
	"gov_head",
	"gov_liaison",
	"gov_deputy_secretary",
	"gov_office",
	"union_chair",
	"union_vice_chair",
	"union_staff",
	"department_liaison",
	"viewer",
];

/** Stated in the README; every demo account uses it. */
export const DEMO_PASSWORD = "lianxi-demo-2024";

const surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"];
const givenNames = ["建国", "秀兰", "志强", "海燕", "明辉", "丽娟", "国华", "春梅", "卫东", "晓红"];

/** A realistic name that still says it belongs to a demo account, e.g. 王建国（演示）. */
export function demoDisplayName(tenantIndex: number, roleIndex: number): string {
	const surname = surnames[(tenantIndex + roleIndex) % surnames.length];
	const given = givenNames[(roleIndex * 3 + tenantIndex) % givenNames.length];
	return `${surname}${given}（演示）`;
}

/** How the demo unit's offices are called in a 职务: 县长, 县政府, 县总工会; 管委会主任; 局长; 会长. */
function offices(t: DemoTenant) {
	if (t.kind === "city" || t.kind === "county") {
		const level = t.kind === "city" ? "市" : t.name.slice(-1); // 区, 县 or 市 (a county-level city)
		return {
			head: `${level}长`,
			deputy: `副${level}长`,
			gov: `${level}政府`,
			secretary: `${level}政府副秘书长`,
			union: `${level}总工会`,
		};
	}
	if (t.kind === "zone")
		return {
			head: "管委会主任",
			deputy: "管委会副主任",
			gov: "管委会",
			secretary: "管委会办公室副主任",
			union: "工会",
		};
	if (t.name.endsWith("局"))
		return { head: "局长", deputy: "副局长", gov: "局", secretary: "局办公室副主任", union: "工会" };
	return { head: "会长", deputy: "副会长", gov: "协会", secretary: "协会副秘书长", union: "工会联合会" };
}

/**
 * The demo member's 职务 in the unit, as rosters and minutes show it ("王志强（副县长）"). A department
 * liaison has none: they are named by the departments they liaise for.
 */
export function demoTitle(role: Role, t: DemoTenant): string | null {
	const o = offices(t);
	const titles: Record<Role, string | null> = {
		admin: `${o.gov}办公室信息科科长`,
		gov_head: o.head,
		gov_liaison: o.deputy,
		gov_deputy_secretary: o.secretary,
		gov_office: `${o.gov}办公室综合科科长`,
		union_chair: `${o.union}主席`,
		union_vice_chair: `${o.union}副主席`,
		union_staff: `${o.union}办公室主任`,
		department_liaison: null,
		viewer: `${o.union}统计员`,
	};
	return titles[role];
}

export function demoEmail(role: Role, slug: string): string {
	return `${role}@${slug}.demo`;
}
