import type { RequestEvent } from '@sveltejs/kit';
import { graphql, type ResultOf } from '$lib/graphql';
import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';

const Figures = graphql(`
	fragment WorkforceFiguresParts on WorkforceFigures @_unmask {
		region {
			code
			name
			nameEn
			level
		}
		onDate
		counts {
			careWorkersInPost
			certified
			senior
			firstAid
			trainingBase
			trained
			socialWorkers
			population
			populationYear
		}
		indicators {
			indicator
			value
			numerator
			denominator
			gap
			met
			target {
				value
				year
				source
				inherited
			}
			definition {
				nameZh
				nameEn
				unit
				numerator
				denominator
				source
				populationFrom
				populationChildrenMissing
			}
		}
	}
`);

export const WorkforceQuery = graphql(
	`
		query Workforce($code: String!, $onDate: Date, $from: Date!) {
			workforce(regionCode: $code, onDate: $onDate) {
				figures {
					...WorkforceFiguresParts
				}
				children {
					...WorkforceFiguresParts
				}
				ranking(indicator: CERTIFIED_PER_10K) {
					region {
						code
					}
				}
				series(from: $from) {
					onDate
					indicator(indicator: CERTIFIED_PER_10K) {
						value
						target {
							value
						}
					}
				}
				projectedOn(indicator: CERTIFIED_PER_10K)
			}
			region(code: $code) {
				parent {
					code
					name
					nameEn
				}
			}
		}
	`,
	[Figures],
);

export type WorkforceData = ResultOf<typeof WorkforceQuery>;

/** The dashboard's data for a region on a day, with 24 months of month-end history. */
export async function loadWorkforce(event: RequestEvent, code: string, onDate: string) {
	const day = new Date(`${onDate}T00:00:00Z`);
	const from = new Date(Date.UTC(day.getUTCFullYear() - 2, day.getUTCMonth(), 1)).toISOString().slice(0, 10);
	// Bureaus read live figures of their own region's subtree only; another region answers as absent.
	return api(event, WorkforceQuery, { code, onDate, from }).catch((e: unknown) => {
		if (e instanceof ApiError && e.code === 'NOT_FOUND') error(404, 'notFound');
		throw e;
	});
}
