import { error, fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { todayInChina, translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { provinceOf, regionGroups } from '$lib/server/regions';
import { BUREAU_ROLES, hasRole, type Viewer } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Classes = graphql(
	`
		query DirectedClasses($after: String, $figures: Boolean!) {
			directedClasses(first: 50, after: $after) {
				totalCount
				pageInfo {
					hasNextPage
					endCursor
				}
				edges {
					node {
						id
						name
						cohortYear
						major
						quota
						studentCount
						sponsorName
						sponsorRegion {
							name
							nameEn
						}
						college {
							name
						}
					}
				}
			}
			directedTrainingFigures @include(if: $figures) {
				__typename
				... on QueryDirectedTrainingFiguresSuccess {
					data {
						collegeName
						cohortYear
						classes
						quota
						enrolled
						graduated
						placed
						serving
						fulfilled
						breached
						repaymentDueYuan
						repaidYuan
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

const Create = graphql(
	`
		mutation CreateDirectedClass($input: CreateDirectedClassInput!) {
			createDirectedClass(input: $input) {
				__typename
				... on MutationCreateDirectedClassSuccess {
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
	'cohortYear',
	'name',
	'major',
	'quota',
	'sponsorRegionCode',
	'sponsorName',
	'serviceYears',
	'programmeYears',
	'tuitionYuanPerYear',
	'lodgingYuanPerYear',
	'allowanceYuanPerYear',
	'penaltyPercent',
] as const;
type Input = (typeof INPUTS)[number];

/** The college a college-staff login runs classes for. */
const collegeOf = (viewer: Viewer | null) => viewer?.memberships.find((m) => m.role === 'COLLEGE_STAFF')?.organisation ?? null;

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer) error(401, 'unauthenticated');
	const college = collegeOf(viewer);
	const overview = hasRole(viewer, 'ADMIN', ...BUREAU_ROLES);
	if (!college && !overview) error(403, 'forbidden');
	const result = await api(event, Classes, { after: event.url.searchParams.get('after'), figures: overview });
	const figures = result.directedTrainingFigures;
	return {
		classes: result.directedClasses,
		figures: figures?.__typename === 'QueryDirectedTrainingFiguresSuccess' ? figures.data : null,
		figuresIssue: figures && 'message' in figures ? figures.message : null,
		college,
		// Colleges usually train for the city they stand in: its code is the sponsor preselected.
		regions: college ? await regionGroups(event, provinceOf(college.region.code)) : [],
		defaultSponsor: college ? `${college.region.code.slice(0, 4)}00` : '',
		thisYear: Number(todayInChina().slice(0, 4)),
	};
};

export const actions: Actions = {
	create: async (event) => {
		if (!collegeOf(event.locals.viewer)) error(403, 'forbidden');
		const t = translator(event.locals.lang);
		const form = await event.request.formData();
		const values = Object.fromEntries(INPUTS.map((k) => [k, String(form.get(k) ?? '').trim()])) as Record<Input, string>;

		// Numbers the API could not even parse would fail the whole request: they are caught here, per field.
		const local: Record<string, string> = {};
		const int = (k: Input) => {
			const n = Number(values[k]);
			if (values[k] === '' || !Number.isInteger(n)) local[k] = t('dir.wholeNumber');
			return n;
		};
		// Left empty, the API applies the class defaults (5 years' service, 3 years' programme, 50% penalty).
		const intOrDefault = (k: Input) => (values[k] === '' ? null : int(k));
		const yuan = (k: Input) => {
			const n = Number(values[k]);
			if (values[k] === '' || !Number.isFinite(n)) local[k] = t('dir.amountRequired');
			return n;
		};
		const input = {
			cohortYear: int('cohortYear'),
			name: values.name,
			major: values.major,
			quota: int('quota'),
			sponsorRegionCode: values.sponsorRegionCode,
			sponsorName: values.sponsorName,
			serviceYears: intOrDefault('serviceYears'),
			programmeYears: intOrDefault('programmeYears'),
			tuitionYuanPerYear: yuan('tuitionYuanPerYear'),
			lodgingYuanPerYear: yuan('lodgingYuanPerYear'),
			allowanceYuanPerYear: yuan('allowanceYuanPerYear'),
			penaltyPercent: intOrDefault('penaltyPercent'),
		};
		if (Object.keys(local).length) return fail(400, { values, fields: local, message: t('checkFields') });

		const { createDirectedClass: result } = await api(event, Create, { input });
		if (result.__typename === 'MutationCreateDirectedClassSuccess') redirect(303, `/classes/${encodeURIComponent(result.data.id)}?created`);
		if (result.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), result.fields, INPUTS);
			return fail(400, { values, fields, message: [t('checkFields'), ...other].join(' ') });
		}
		return fail(400, { values, fields: {} as Record<string, string>, message: wordFailure(translator(event.locals.lang), result) });
	},
};
