import { fieldLabel, wordIssue, type ApiIssue, type Translate } from '$lib/i18n';

/**
 * InputValidationError issues in words, keyed by the form input they belong to. Paths come as
 * ['input', 'residentId'] or ['residentId'] (or ['input', 'employment', 'startDate']), so the last
 * named element decides. Issues for fields the form has no input for go to `other`, led by the field's
 * name: a message the user cannot see is worse than one shown at the top of the form. An issue without
 * a code is taken as worded already.
 */
export function placeIssues(t: Translate, issues: readonly ApiIssue[], inputs: readonly string[]) {
	const fields: Record<string, string> = {};
	const other: string[] = [];
	for (const issue of issues) {
		const name = issue.path.findLast((p) => !/^\d+$/.test(p) && p !== 'input');
		if (name && inputs.includes(name)) fields[name] ??= issue.code ? wordIssue(t, issue, false) : issue.message;
		else if (issue.code) other.push(wordIssue(t, issue));
		else {
			const label = name ? fieldLabel(t, name) : undefined;
			other.push(label ? `${label}：${issue.message}` : issue.message);
		}
	}
	return { fields, other };
}

/** A form date as YYYY-MM-DD, or null: a malformed Date would fail the API call as a whole instead of one field. */
export const formDate = (raw: FormDataEntryValue | null) =>
	typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : null;
