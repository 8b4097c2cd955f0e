import { data } from "react-router";

// Placeholder until this route lands (same commit).
export function loader() {
	throw data(null, { status: 404 });
}

export default function Placeholder() {
	return null;
}
