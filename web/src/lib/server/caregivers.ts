import { graphql, type ResultOf } from '$lib/graphql';

export const CaregiverDetailQuery = graphql(`
	query CaregiverDetail($id: ID!) {
		caregiver(id: $id) {
			id
			name
			residentIdMasked
			gender
			birthDate
			phone
			education
			familyCarer
			region { code name }
			employments(first: 20) {
				edges {
					node {
						id
						institution { id name }
						post
						contractType
						fullTime
						startDate
						endDate
						current
						insuredMonths
						months(first: 6) { edges { node { month socialInsurancePaid attendanceDays } } }
					}
				}
			}
		}
	}
`);

export type CaregiverDetail = NonNullable<ResultOf<typeof CaregiverDetailQuery>['caregiver']>;
