import { afterEach, vi } from "vitest";

// A test that makes the code log an error fails: errors are asserted, not printed.
const spy = vi.spyOn(console, "error");
afterEach(() => {
	const calls = spy.mock.calls;
	spy.mockClear();
	if (calls.length > 0) throw new Error(`console.error was called:\n${calls.map((c) => c.join(" ")).join("\n")}`);
});
