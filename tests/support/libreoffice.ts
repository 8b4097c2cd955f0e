import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const soffice = "/usr/bin/soffice";

/**
 * Debian's LibreOffice (headless), the office suite our users' documents must open in. When it is
 * missing and we are root on Debian, install it with apt-get; otherwise say what to install.
 */
export function ensureLibreOffice(): string {
	if (existsSync(soffice)) return soffice;
	if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
		const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
		execFileSync("apt-get", ["update"], { stdio: "inherit", env });
		execFileSync(
			"apt-get",
			["install", "-y", "--no-install-recommends", "libreoffice-calc-nogui", "libreoffice-writer-nogui"],
			{ stdio: "inherit", env },
		);
		if (existsSync(soffice)) return soffice;
	}
	throw new Error("LibreOffice not found: sudo apt-get install libreoffice-calc-nogui libreoffice-writer-nogui");
}

/**
 * Opens the workbook in LibreOffice and exports every sheet as CSV (UTF-8, comma-separated; the
 * filter's last token -1 means all sheets), by sheet name. Fails when LibreOffice
 * cannot open the file.
 */
export async function xlsxSheetsAsCsv(bytes: ArrayBuffer): Promise<Map<string, string>> {
	ensureLibreOffice();
	const dir = mkdtempSync(path.join(tmpdir(), "lianxi-lo-"));
	try {
		const input = path.join(dir, "book.xlsx");
		writeFileSync(input, Buffer.from(bytes));
		await promisify(execFile)(
			soffice,
			[
				`-env:UserInstallation=file://${dir}/profile`,
				"--headless",
				"--convert-to",
				"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
				"--outdir",
				dir,
				input,
			],
			{ timeout: 120_000 },
		);
		const csv = readdirSync(dir)
			.filter((name) => name.endsWith(".csv"))
			.sort();
		if (csv.length === 0) throw new Error("LibreOffice wrote no CSV: it could not open the workbook");
		// book-<sheet name>.csv for each sheet.
		return new Map(
			csv.map((name) => [
				name.replace(/^book-?/, "").replace(/\.csv$/, ""),
				readFileSync(path.join(dir, name), "utf8"),
			]),
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Opens a Word document in LibreOffice and returns its text (UTF-8). Fails when it cannot be opened. */
export async function docxAsText(bytes: ArrayBuffer): Promise<string> {
	ensureLibreOffice();
	const dir = mkdtempSync(path.join(tmpdir(), "lianxi-lo-"));
	try {
		const input = path.join(dir, "minutes.docx");
		writeFileSync(input, Buffer.from(bytes));
		await promisify(execFile)(
			soffice,
			[
				`-env:UserInstallation=file://${dir}/profile`,
				"--headless",
				"--convert-to",
				"txt:Text (encoded):UTF8",
				"--outdir",
				dir,
				input,
			],
			{ timeout: 120_000 },
		);
		const out = path.join(dir, "minutes.txt");
		if (!existsSync(out)) throw new Error("LibreOffice wrote no text: it could not open the document");
		return readFileSync(out, "utf8");
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
