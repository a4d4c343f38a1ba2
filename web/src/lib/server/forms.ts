/**
 * InputValidationError issues keyed by the form input they belong to. Paths come as
 * ['input', 'residentId'] or ['residentId'] (or ['input', 'employment', 'startDate']), so the last
 * named element decides. Issues for fields the form has no input for go to `other`: a message the
 * user cannot see is worse than one shown at the top of the form.
 */
export function placeIssues(issues: readonly { path: readonly string[]; message: string }[], inputs: readonly string[]) {
	const fields: Record<string, string> = {};
	const other: string[] = [];
	for (const { path, message } of issues) {
		const name = path.findLast((p) => !/^\d+$/.test(p));
		if (name && inputs.includes(name)) fields[name] ??= message;
		else other.push(path.length ? `${path.join('.')}: ${message}` : message);
	}
	return { fields, other };
}

/** A form date as YYYY-MM-DD, or null: a malformed Date would fail the API call as a whole instead of one field. */
export const formDate = (raw: FormDataEntryValue | null) =>
	typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : null;
