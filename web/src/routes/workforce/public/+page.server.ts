import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const PublicFigures = graphql(`
	query PublicWorkforce($code: String!) {
		publicWorkforceFigures(regionCode: $code) {
			region {
				code
				name
				nameEn
			}
			onDate
			indicators {
				indicator
				value
				gap
				met
				target {
					value
					year
				}
				definition {
					unit
					numerator
					denominator
					source
				}
			}
		}
		region(code: $code) {
			name
			nameEn
			children(first: 100) {
				edges {
					node {
						code
						name
						nameEn
					}
				}
			}
			parent {
				code
				name
				nameEn
			}
		}
	}
`);

// Published figures need no login: statistical bulletins are public, and these hold no person.
export const load: PageServerLoad = async (event) => {
	const requested = event.url.searchParams.get('region') ?? '';
	const code = /^\d{6}$/.test(requested) ? requested : '360000';
	return { code, ...(await api(event, PublicFigures, { code })) };
};
