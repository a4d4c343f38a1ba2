import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { failureText, todayInChina, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { formDate, placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Days = graphql(`
	query CalendarDays($year: Int!) {
		calendarDays(year: $year) {
			date
			kind
			name
			source
		}
	}
`);
const SetDay = graphql(
	`
		mutation SetCalendarDay($input: SetCalendarDayInput!) {
			setCalendarDay(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const RemoveDay = graphql(
	`
		mutation RemoveCalendarDay($date: Date!) {
			removeCalendarDay(date: $date) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

function admin(event: RequestEvent) {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	admin(event);
	const year = Number(event.url.searchParams.get('year')) || Number(todayInChina().slice(0, 4));
	const { calendarDays } = await api(event, Days, { year: Math.min(2100, Math.max(2000, year)) });
	return { year, days: calendarDays };
};

export const actions: Actions = {
	set: async (event) => {
		admin(event);
		const form = await event.request.formData();
		const values = {
			date: String(form.get('date') ?? ''),
			kind: String(form.get('kind') ?? 'HOLIDAY'),
			name: String(form.get('name') ?? '').trim(),
			source: String(form.get('source') ?? '').trim(),
		};
		const { setCalendarDay: r } = await api(event, SetDay, {
			input: { ...values, date: formDate(values.date) ?? '', kind: values.kind === 'WORKDAY' ? 'WORKDAY' : 'HOLIDAY' },
		});
		if (r.__typename === 'MutationSetCalendarDaySuccess') return { saved: values.date };
		const t = translator(event.locals.lang);
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ['date', 'kind', 'name', 'source']);
			return fail(400, { values, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, fields: {}, message: failureText(t, r) });
	},
	remove: async (event) => {
		admin(event);
		const date = formDate((await event.request.formData()).get('date')) ?? '';
		const { removeCalendarDay: r } = await api(event, RemoveDay, { date });
		if (r.__typename === 'MutationRemoveCalendarDaySuccess') return { removed: date };
		return fail(400, { message: failureText(translator(event.locals.lang), r) });
	},
};
