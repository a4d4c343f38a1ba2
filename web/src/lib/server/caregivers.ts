import { graphql, type ResultOf } from '$lib/graphql';

/** One caregiver with employments and their latest months: the detail page and a caregiver's own profile. */
export const CaregiverDetailQuery = graphql(`
	query CaregiverDetail($id: ID!) {
		caregiver(id: $id) {
			id
			name
			residentIdMasked
			gender
			birthDate
			phone
			bankAccountMasked
			bankName
			hasPhoto
			education
			familyCarer
			createdAt
			region {
				code
				name
				nameEn
			}
			employments(first: 20) {
				edges {
					node {
						id
						institution {
							id
							name
						}
						post
						contractType
						fullTime
						startDate
						endDate
						current
						insuredMonths
						months(first: 6) {
							edges {
								node {
									month
									socialInsurancePaid
									attendanceDays
								}
							}
						}
					}
				}
			}
		}
	}
`);

export type CaregiverDetail = NonNullable<ResultOf<typeof CaregiverDetailQuery>['caregiver']>;
