import { useEffect } from "react";
import { useNavigate } from "react-router";

/**
 * Plain anchors that navigate like React Router's <Link> (ADR 0009, 2026-12-05: "fewer route links
 * rendered per row"). A <Link> runs several hooks per anchor on every server render; an anchor marked
 * `data-route` costs nothing there, and this one listener, installed once per page by the layout,
 * turns a plain left click on it into a client-side navigation, as <Link> would (a modified click, a
 * target or a download keep the browser's behaviour). Without JavaScript it is the same anchor.
 */
export function useRouteAnchors() {
	const navigate = useNavigate();
	useEffect(() => {
		const onClick = (event: MouseEvent) => {
			if (event.defaultPrevented || event.button !== 0) return;
			if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
			const anchor = event.target instanceof Element ? event.target.closest("a[data-route]") : null;
			if (!(anchor instanceof HTMLAnchorElement)) return;
			if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
			const url = new URL(anchor.href, window.location.href);
			if (url.origin !== window.location.origin) return;
			event.preventDefault();
			const to = `${url.pathname}${url.search}${url.hash}`;
			const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
			// As <Link>: a link to the page already shown replaces the history entry.
			navigate(to, { replace: to === here });
		};
		document.addEventListener("click", onClick);
		return () => document.removeEventListener("click", onClick);
	}, [navigate]);
}
