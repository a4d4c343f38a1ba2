import type { RequestEvent } from '@sveltejs/kit';
import { graphql, type ResultOf } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';

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
						contractEndsOn
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

const UploadPhoto = graphql(
	`
		mutation UploadCaregiverPhoto($input: UploadCaregiverPhotoInput!) {
			uploadCaregiverPhoto(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

/**
 * Uploads the holder photo posted as `photo` (the person's own profile, or their employer on the
 * caregiver page); null when it was saved, else the failure in words (the API checks type, size and who).
 */
export async function uploadHolderPhoto(event: RequestEvent, caregiverId: string): Promise<string | null> {
	const t = translator(event.locals.lang);
	const file = (await event.request.formData()).get('photo');
	if (!(file instanceof File) || file.size === 0) return t('err.FILE_EMPTY');
	const { uploadCaregiverPhoto: r } = await api(event, UploadPhoto, {
		input: { caregiverId, fileName: file.name, contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64') },
	});
	return r.__typename === 'MutationUploadCaregiverPhotoSuccess' ? null : wordFailure(t, r);
}
