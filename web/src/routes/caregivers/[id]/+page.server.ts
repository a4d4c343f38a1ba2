import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { CaregiverDetailQuery, uploadHolderPhoto } from '$lib/server/caregivers';
import { formDate, placeIssues } from '$lib/server/forms';
import { wordConsoleFailure } from '$lib/server/operator';
import { EDUCATIONS } from '$lib/enums';
import { employingInstitution, hasRole, mayListCaregivers } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const EndEmployment = graphql(
	`
		mutation EndEmployment($id: ID!, $input: UpdateEmploymentInput!) {
			updateEmployment(id: $id, input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const Reauthenticate = graphql(
	`
		mutation Reauthenticate($password: String!) {
			reauthenticate(password: $password) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

const RevealResidentId = graphql(
	`
		mutation RevealResidentId($input: RevealResidentIdInput!) {
			revealResidentId(input: $input) {
				__typename
				... on MutationRevealResidentIdSuccess {
					data {
						residentId
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const Records = graphql(`
	query CaregiverRecords($id: ID!) {
		caregiver(id: $id) {
			id
			certificates {
				id
				number
				status
				issuedOn
				revokedAt
				revokedReason
				level {
					code
					nameZh
					nameEn
				}
				issuer {
					name
				}
			}
		}
		firstAidCertificates(caregiverId: $id) {
			number
			issuer
			issuedOn
			expiresOn
			valid
		}
	}
`);
const UpdateRecord = graphql(
	`
		mutation UpdateCaregiverRecord($id: ID!, $input: UpdateCaregiverInput!) {
			updateCaregiver(id: $id, input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const CorrectResidentId = graphql(
	`
		mutation CorrectResidentId($input: CorrectResidentIdInput!) {
			correctCaregiverResidentId(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const RevokeCertificate = graphql(
	`
		mutation RevokeCertificate($input: RevokeCertificateInput!) {
			revokeCertificate(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const RecordFirstAid = graphql(
	`
		mutation RecordFirstAid($input: RecordFirstAidInput!) {
			recordFirstAidCertificate(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!mayListCaregivers(viewer)) error(403, 'forbidden');
	const [{ caregiver }, records] = await Promise.all([
		api(event, CaregiverDetailQuery, { id: event.params.id }),
		api(event, Records, { id: event.params.id }),
	]);
	if (!caregiver) error(404, 'notFound');
	const endableAt = employingInstitution(viewer)?.id ?? null;
	// The API decides every write; the page offers a form only to those it would accept.
	const employsNow = endableAt !== null && caregiver.employments.edges.some((e) => e.node.current && e.node.institution.id === endableAt);
	return {
		caregiver,
		endableAt,
		certificates: records.caregiver?.certificates ?? [],
		firstAid: records.firstAidCertificates,
		may: {
			edit: employsNow || hasRole(viewer, 'ADMIN', 'HR_REVIEWER', 'HR_APPROVER'),
			revoke: hasRole(viewer, 'ADMIN', 'HR_APPROVER'),
			recordFirstAid: employsNow || hasRole(viewer, 'ADMIN'),
			photo: employsNow || hasRole(viewer, 'ADMIN'),
			blacklist: hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST'),
		},
	};
};

type Failure = Parameters<typeof wordConsoleFailure>[1];
/** A failed console form: each issue under its input where the form has one, the rest on top. */
function refused(
	event: RequestEvent,
	form: string,
	result: Failure & { __typename: string },
	inputs: readonly string[],
	values: Record<string, unknown>,
) {
	const lang = event.locals.lang;
	if (result.__typename === 'InputValidationError' && result.fields) {
		const { fields, other } = placeIssues(translator(event.locals.lang), result.fields, inputs);
		return fail(400, { form, fields, message: other.join('；'), values });
	}
	return fail(400, { form, fields: {} as Record<string, string>, message: wordConsoleFailure(lang, result), values });
}

export const actions: Actions = {
	edit: async (event) => {
		const form = await event.request.formData();
		const text = (name: string) => String(form.get(name) ?? '').trim();
		const values = {
			phone: text('phone'),
			education: EDUCATIONS.find((e) => e === form.get('education')),
			bankAccount: text('bankAccount'),
			bankName: text('bankName'),
		};
		// An empty phone or account leaves it as it is: the field shows it masked, never to be sent back.
		const input = {
			...(values.phone ? { phone: values.phone } : {}),
			...(values.education ? { education: values.education } : {}),
			...(values.bankAccount ? { bankAccount: values.bankAccount } : {}),
			...(values.bankName ? { bankName: values.bankName } : {}),
		};
		const { updateCaregiver: r } = await api(event, UpdateRecord, { id: event.params.id, input });
		return r.__typename === 'MutationUpdateCaregiverSuccess'
			? { done: 'edit' }
			: refused(event, 'edit', r, ['phone', 'education', 'bankAccount', 'bankName'], values);
	},
	photo: async (event) => {
		const issue = await uploadHolderPhoto(event, event.params.id);
		return issue ? fail(400, { form: 'photo', fields: {} as Record<string, string>, message: issue, values: {} }) : { done: 'photo' };
	},
	correctId: async (event) => {
		const form = await event.request.formData();
		const values = {
			residentId: String(form.get('residentId') ?? '')
				.trim()
				.toUpperCase(),
			reason: String(form.get('reason') ?? '').trim(),
		};
		const { correctCaregiverResidentId: r } = await api(event, CorrectResidentId, { input: { caregiverId: event.params.id, ...values } });
		return r.__typename === 'MutationCorrectCaregiverResidentIdSuccess'
			? { done: 'correctId' }
			: refused(event, 'correctId', r, ['residentId', 'reason'], values);
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const values = { certificateId: String(form.get('certificateId') ?? ''), reason: String(form.get('reason') ?? '').trim() };
		const { revokeCertificate: r } = await api(event, RevokeCertificate, { input: values });
		return r.__typename === 'MutationRevokeCertificateSuccess'
			? { done: 'revoke' }
			: refused(event, `revoke:${values.certificateId}`, r, ['reason'], values);
	},
	firstAid: async (event) => {
		const form = await event.request.formData();
		const t = translator(event.locals.lang);
		const values = {
			number: String(form.get('number') ?? '').trim(),
			issuer: String(form.get('issuer') ?? '').trim(),
			issuedOn: formDate(form.get('issuedOn')),
			expiresOn: formDate(form.get('expiresOn')),
		};
		if (!values.issuedOn || !values.expiresOn) {
			return fail(400, {
				form: 'firstAid',
				fields: {
					...(values.issuedOn ? {} : { issuedOn: t('dateRequired') }),
					...(values.expiresOn ? {} : { expiresOn: t('dateRequired') }),
				},
				message: '',
				values,
			});
		}
		const { recordFirstAidCertificate: r } = await api(event, RecordFirstAid, {
			input: { caregiverId: event.params.id, ...values, issuedOn: values.issuedOn, expiresOn: values.expiresOn },
		});
		return r.__typename === 'MutationRecordFirstAidCertificateSuccess'
			? { done: 'firstAid' }
			: refused(event, 'firstAid', r, ['number', 'issuer', 'issuedOn', 'expiresOn'], values);
	},
	end: async (event) => {
		const form = await event.request.formData();
		const employmentId = String(form.get('employmentId') ?? '');
		const endDate = formDate(form.get('endDate'));
		if (!endDate) return fail(400, { endIssue: { employmentId, message: translator(event.locals.lang)('dateRequired') } });
		const { updateEmployment: result } = await api(event, EndEmployment, { id: employmentId, input: { endDate } });
		if (result.__typename === 'MutationUpdateEmploymentSuccess') return { ended: true };
		// The form has one input, so every issue belongs under it.
		const message = wordFailure(translator(event.locals.lang), result);
		return fail(400, { endIssue: { employmentId, message } });
	},
	// The password is asked with the purpose, in one step: the API wants it entered again for this.
	reveal: async (event) => {
		const form = await event.request.formData();
		const purpose = String(form.get('purpose') ?? '');
		const { reauthenticate } = await api(event, Reauthenticate, { password: String(form.get('password') ?? '') });
		if (reauthenticate.__typename !== 'MutationReauthenticateSuccess')
			return fail(400, {
				revealIssue: { purpose, password: wordFailure(translator(event.locals.lang), reauthenticate), purposeMessage: undefined },
			});
		const { revealResidentId: result } = await api(event, RevealResidentId, { input: { caregiverId: event.params.id, purpose } });
		if (result.__typename === 'MutationRevealResidentIdSuccess') return { residentId: result.data.residentId };
		if (result.__typename === 'InputValidationError')
			return fail(400, {
				revealIssue: { purpose, password: undefined, purposeMessage: wordFailure(translator(event.locals.lang), result) },
			});
		return fail(400, { revealIssue: { purpose, password: undefined, purposeMessage: wordFailure(translator(event.locals.lang), result) } });
	},
};
