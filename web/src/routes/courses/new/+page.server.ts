import { error, fail, redirect } from '@sveltejs/kit';
import { graphql, type EnumOf } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { formDate, placeIssues } from '$lib/server/forms';
import { regionGroups, scopeOf } from '$lib/server/regions';
import { COURSE_KINDS } from '$lib/training';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Create = graphql(
	`
		mutation CreateCourse($input: CreateCourseInput!) {
			createCourse(input: $input) {
				__typename
				... on MutationCreateCourseSuccess {
					data {
						id
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const INPUTS = [
	'code',
	'title',
	'description',
	'kind',
	'targetLevelCode',
	'regionCode',
	'requiredHours',
	'passMark',
	'capacity',
	'feeYuan',
	'governmentFunded',
	'place',
	'startsOn',
	'endsOn',
];

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, 'TRAINING_PROVIDER_STAFF')) error(403, 'forbidden');
	const home = viewer?.memberships.find((m) => m.role === 'TRAINING_PROVIDER_STAFF')?.organisation?.region.code ?? '';
	return { regions: await regionGroups(event, scopeOf(viewer)), defaultRegion: home };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(INPUTS.map((k) => [k, String(form.get(k) ?? '')]));
		const number = (k: string) => (values[k] === '' ? NaN : Number(values[k]));
		const kind = COURSE_KINDS.includes(values.kind!) ? (values.kind as EnumOf<'CourseKind'>) : 'PRE_JOB';
		const [startsOn, endsOn] = [formDate(form.get('startsOn')), formDate(form.get('endsOn'))];
		if (!startsOn || !endsOn)
			return fail(400, {
				values,
				fields: { ...(startsOn ? {} : { startsOn: 'required' }), ...(endsOn ? {} : { endsOn: 'required' }) },
				other: [] as string[],
			});
		const input = {
			code: values.code!,
			title: values.title!,
			description: values.description || null,
			kind,
			targetLevelCode: values.targetLevelCode || null,
			regionCode: values.regionCode!,
			requiredHours: number('requiredHours'),
			passMark: values.passMark ? number('passMark') : null,
			capacity: number('capacity'),
			feeYuan: number('feeYuan') || 0,
			governmentFunded: form.get('governmentFunded') === 'on',
			place: values.place!,
			startsOn,
			endsOn,
		};
		const { createCourse: r } = await api(event, Create, { input });
		if (r.__typename === 'MutationCreateCourseSuccess') redirect(303, `/courses/${encodeURIComponent(r.data.id)}`);
		const t = translator(event.locals.lang);
		const placed = r.__typename === 'InputValidationError' ? placeIssues(t, r.fields, INPUTS) : { fields: {}, other: [wordFailure(t, r)] };
		return fail(400, { values, ...placed });
	},
};
