import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const Mine = graphql(`
	query MyTrainings($year: Int!, $next: Int!) {
		thisYear: trainingEntitlement(year: $year) {
			year
			used
			enrolment {
				course {
					id
					title
				}
			}
		}
		nextYear: trainingEntitlement(year: $next) {
			year
			used
			enrolment {
				course {
					id
					title
				}
			}
		}
		myEnrolments {
			id
			status
			waitlistPosition
			attendedHours
			score
			outcomeNote
			heldBackReason
			completedOn
			governmentFunded
			course {
				id
				title
				kind
				startsOn
				endsOn
				requiredHours
				place
				provider {
					name
				}
			}
		}
		myDirectedStudies {
			id
			studentNo
			status
			enrolledOn
			agreementNo
			graduatedOn
			servedMonths
			owedMonths
			fulfilledOn
			class {
				name
				sponsorName
				serviceYears
			}
			placement {
				institution {
					name
				}
				startDate
			}
			breach {
				kind
				amountDueYuan
				outstandingYuan
				status
			}
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!event.locals.viewer?.caregiverId) error(403, 'forbidden');
	const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
	const { thisYear, nextYear, myEnrolments, myDirectedStudies } = await api(event, Mine, { year, next: year + 1 });
	return { entitlements: [thisYear, nextYear], enrolments: myEnrolments, studies: myDirectedStudies };
};
