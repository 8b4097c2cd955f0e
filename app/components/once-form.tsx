import { useEffect, useId, useRef } from "react";
import { type FormProps, Form as RouterForm, useNavigation, useRouteLoaderData } from "react-router";

/**
 * The app's form (issue 27): a posting form carries a one-time key, rendered with it, that the server
 * claims with the row the form creates (app/lib/write-once.server.ts) — a double click or a second
 * copy of the same POST creates nothing more and gets the first one's answer, with or without
 * JavaScript. The key is the page's seed (a new one with every page and after every submission: the
 * root loader) and the form's place in the page. With JavaScript, its buttons also rest while the
 * submission is on its way; the server is what guarantees it.
 */
export function Form({ children, onSubmit, ...props }: FormProps & { ref?: React.Ref<HTMLFormElement> }) {
	const seed = (useRouteLoaderData("root") as { once?: unknown } | undefined)?.once;
	const place = useId().replace(/[^A-Za-z0-9]/g, "");
	const posting = (props.method ?? "get").toLowerCase() !== "get";
	const key = posting && typeof seed === "string" ? `${seed}.${place}` : null;
	const navigation = useNavigation();
	const resting = useRef<HTMLButtonElement[]>([]);
	useEffect(() => {
		if (navigation.state !== "idle") return;
		for (const button of resting.current.splice(0)) button.disabled = false;
	}, [navigation.state]);
	return (
		<RouterForm
			{...props}
			onSubmit={(event) => {
				if (resting.current.length > 0) {
					event.preventDefault();
					return;
				}
				onSubmit?.(event);
				if (event.defaultPrevented || !posting) return;
				const form = event.currentTarget;
				// After React Router has read the form and the button pressed.
				setTimeout(() => {
					for (const button of form.querySelectorAll<HTMLButtonElement>("button:not([type=button])")) {
						if (button.disabled) continue;
						button.disabled = true;
						resting.current.push(button);
					}
				}, 0);
			}}
		>
			{key ? <input type="hidden" name="onceKey" value={key} /> : null}
			{children}
		</RouterForm>
	);
}
