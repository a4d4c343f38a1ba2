import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Region = graphql(`
	query RegionBrowse($code: String!) {
		region(code: $code) {
			code
			name
			nameEn
			level
			parent {
				code
				name
				nameEn
				parent {
					code
					name
					nameEn
				}
			}
			children(first: 100) {
				totalCount
				edges {
					node {
						code
						name
						nameEn
						level
						children(first: 1) {
							totalCount
						}
					}
				}
			}
		}
	}
`);
const Provinces = graphql(`
	query ProvinceBrowse {
		regions(level: PROVINCE, first: 100) {
			edges {
				node {
					code
					name
					nameEn
					level
					children(first: 1) {
						totalCount
					}
				}
			}
		}
	}
`);
const Add = graphql(
	`
		mutation AddRegion($input: AddRegionInput!) {
			addRegion(input: $input) {
				__typename
				... on MutationAddRegionSuccess {
					data {
						code
						name
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

function admin(event: RequestEvent) {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	admin(event);
	const code = event.url.searchParams.get('code');
	if (code && /^\d{6}$/.test(code)) {
		const { region } = await api(event, Region, { code });
		if (!region) error(404, 'notFound');
		return { region, children: region.children.edges.map((e) => e.node) };
	}
	const { regions } = await api(event, Provinces, {});
	return { region: null, children: regions.edges.map((e) => e.node) };
};

export const actions: Actions = {
	add: async (event) => {
		admin(event);
		const form = await event.request.formData();
		const values = {
			code: String(form.get('code') ?? '').trim(),
			name: String(form.get('name') ?? '').trim(),
			nameEn: String(form.get('nameEn') ?? '').trim() || null,
			parentCode: String(form.get('parentCode') ?? '') || null,
		};
		const { addRegion: r } = await api(event, Add, { input: values });
		const t = translator(event.locals.lang);
		if (r.__typename === 'MutationAddRegionSuccess') return { added: `${r.data.name} ${r.data.code}` };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ['code', 'name', 'nameEn', 'parentCode']);
			return fail(400, { values, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, fields: {}, message: wordFailure(t, r) });
	},
};
