import { describe, expect, it } from "vitest";
import { can, permissions } from "#app/domain/tenancy/permissions.ts";
import { roleLabelKey, roles, tenantKinds } from "#app/domain/tenancy/roles.ts";
import { en } from "#app/i18n/en.ts";
import { punctuation, translator } from "#app/i18n/i18n.ts";
import { zhCN } from "#app/i18n/zh-CN.ts";

describe("i18n", () => {
	it("has the same keys in zh-CN and en, none empty", () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
		for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(en)]) {
			expect({ key, empty: value.trim() === "" }).toEqual({ key, empty: false });
		}
	});

	it("zh-CN texts are Chinese (except names and codes)", () => {
		const latinOnly = Object.entries(zhCN).filter(([key, v]) => !/[\u4e00-\u9fff]/.test(v) && !key.startsWith("lang."));
		expect(latinOnly).toEqual([]);
	});

	it("joins interface pieces with each language's punctuation", () => {
		expect(punctuation("zh-CN")).toMatchObject({ colon: "：", open: "（", list: "、" });
		expect(punctuation("en")).toMatchObject({ colon: ": ", open: " (", list: ", " });
	});

	it("fills placeholders", () => {
		expect(translator("zh-CN")("login.throttledMinutes", { minutes: 3 })).toBe(
			"此来源的登录尝试过多，请 3 分钟后再试。",
		);
		expect(translator("en")("home.title", { tenant: "三门峡市" })).toBe("三门峡市 workspace");
	});

	it("labels every role for every tenant kind in both languages", () => {
		for (const kind of tenantKinds) {
			for (const role of roles) {
				const key = roleLabelKey(role, kind);
				expect(zhCN[key]).toBeTruthy();
				expect(en[key]).toBeTruthy();
			}
		}
		expect(translator("zh-CN")(roleLabelKey("gov_head", "city"))).toBe("市长");
		expect(translator("zh-CN")(roleLabelKey("gov_head", "county"))).toContain("县");
	});

	it.each([
		[{ kind: "city", name: "三门峡市" }, "市长"],
		[{ kind: "county", name: "湖滨区" }, "区长"],
		[{ kind: "county", name: "卢氏县" }, "县长"],
		[{ kind: "county", name: "灵宝市" }, "市长（县级市）"],
		[{ kind: "zone", name: "经济开发区" }, "管委会主任"],
		[{ kind: "industry", name: "市住房和城乡建设局" }, "局长"],
		[{ kind: "industry", name: "市快递行业协会" }, "会长"],
	] as const)("the head of %o is %s", (tenant, label) => {
		expect(translator("zh-CN")(roleLabelKey("gov_head", tenant))).toBe(label);
	});
});

describe("permissions", () => {
	it("only admins update the tenant profile", () => {
		for (const role of roles) expect(can([role], "tenant.updateProfile")).toBe(role === "admin");
	});
	it("every member reads the tenant; department liaisons do not read children", () => {
		for (const role of roles) expect(can([role], "tenant.read")).toBe(true);
		expect(can(["department_liaison"], "tenant.readChildren")).toBe(false);
		expect(can(["department_liaison", "viewer"], "tenant.readChildren")).toBe(true);
	});
	it("names only known roles", () => {
		for (const allowed of Object.values(permissions)) for (const role of allowed) expect(roles).toContain(role);
	});
});
