import type { DepartmentCategory, DepartmentSide, SystemLeaderRole } from "../schema.ts";

/** The city's departments directory (undertaking units). */
export const cityDepartments: { name: string; side: DepartmentSide; category: DepartmentCategory }[] = [
	{ name: "市政府办公室", side: "gov", category: "comprehensive" },
	{ name: "市总工会办公室", side: "union", category: "comprehensive" },
	{ name: "市人力资源和社会保障局", side: "gov", category: "functional" },
	{ name: "市发展和改革委员会", side: "gov", category: "functional" },
	{ name: "市财政局", side: "gov", category: "functional" },
	{ name: "市住房和城乡建设局", side: "gov", category: "functional" },
	{ name: "市应急管理局", side: "gov", category: "functional" },
	{ name: "市司法局", side: "gov", category: "functional" },
];

/** Extra department liaisons of the city, each bound to one department. */
export const cityLiaisons: { email: string; displayName: string; department: string }[] = [
	{ email: "department_liaison@smx.demo", displayName: "", department: "市人力资源和社会保障局" },
	{ email: "dept.fgw@smx.demo", displayName: "郑国庆（演示）", department: "市发展和改革委员会" },
	{ email: "dept.czj@smx.demo", displayName: "冯雪梅（演示）", department: "市财政局" },
	{ email: "dept.yjj@smx.demo", displayName: "何志远（演示）", department: "市应急管理局" },
];

interface DemoSystem {
	slug: string;
	title: string;
	issuingBodies: string;
	docNumber: string;
	issuedOn: string;
	effectiveOn: string;
	supersedes: string | null;
}

const notice = (body: string) => `${body}关于印发政府与工会联席会议制度的通知`;

/**
 * W1 and E: the city's 2024 system superseding its 2002 one, six of the nine county-level units and
 * one of the two industry bodies with their own; the rest not yet established.
 */
export const demoSystems: DemoSystem[][] = [
	[
		{
			slug: "smx",
			title: "三门峡市人民政府办公室关于建立政府与工会联席会议制度的通知",
			issuingBodies: "三门峡市人民政府办公室",
			docNumber: "三政办〔2002〕99号",
			issuedOn: "2002-09-16",
			effectiveOn: "2002-09-16",
			supersedes: null,
		},
		{
			slug: "smx",
			title: notice("三门峡市人民政府办公室"),
			issuingBodies: "三门峡市人民政府办公室",
			docNumber: "三政办文〔2024〕4号",
			issuedOn: "2024-07-03",
			effectiveOn: "2024-07-03",
			supersedes: "三政办〔2002〕99号",
		},
	],
	[
		{
			slug: "hubin",
			title: notice("湖滨区人民政府办公室"),
			issuingBodies: "湖滨区人民政府办公室、湖滨区总工会",
			docNumber: "湖政办〔2024〕12号",
			issuedOn: "2024-09-10",
			effectiveOn: "2024-09-10",
			supersedes: null,
		},
	],
	[
		{
			slug: "shanzhou",
			title: notice("陕州区人民政府办公室"),
			issuingBodies: "陕州区人民政府办公室",
			docNumber: "陕政办〔2024〕21号",
			issuedOn: "2024-10-08",
			effectiveOn: "2024-10-08",
			supersedes: null,
		},
	],
	[
		{
			slug: "mianchi",
			title: notice("渑池县人民政府办公室"),
			issuingBodies: "渑池县人民政府办公室",
			docNumber: "渑政办〔2024〕9号",
			issuedOn: "2024-08-26",
			effectiveOn: "2024-09-01",
			supersedes: null,
		},
	],
	[
		{
			slug: "lushi",
			title: notice("卢氏县人民政府办公室"),
			issuingBodies: "卢氏县人民政府办公室、卢氏县总工会",
			docNumber: "卢政办〔2024〕15号",
			issuedOn: "2024-11-05",
			effectiveOn: "2024-11-05",
			supersedes: null,
		},
	],
	[
		{
			slug: "lingbao",
			title: notice("灵宝市人民政府办公室"),
			issuingBodies: "灵宝市人民政府办公室",
			docNumber: "灵政办〔2024〕30号",
			issuedOn: "2024-09-20",
			effectiveOn: "2024-10-01",
			supersedes: null,
		},
	],
	[
		{
			slug: "kaifaqu",
			title: notice("三门峡经济开发区管理委员会"),
			issuingBodies: "三门峡经济开发区管理委员会",
			docNumber: "三开管〔2025〕6号",
			issuedOn: "2025-03-12",
			effectiveOn: "2025-03-12",
			supersedes: null,
		},
	],
	[
		{
			slug: "kuaidi",
			title: notice("三门峡市快递行业协会"),
			issuingBodies: "三门峡市快递行业协会、三门峡市快递行业工会联合会",
			docNumber: "三快协〔2025〕3号",
			issuedOn: "2025-05-20",
			effectiveOn: "2025-06-01",
			supersedes: null,
		},
	],
];

export const systemLeaderRoles: SystemLeaderRole[] = [
	"gov_liaison",
	"gov_deputy_secretary",
	"union_chair",
	"union_vice_chair",
];
