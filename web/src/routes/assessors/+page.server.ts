import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { failureText, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Registrations = graphql(`
	query AssessorRegistrations {
		assessorRegistrations {
			id
			status
			levelCodes
			note
			decisionReason
			createdAt
			assessmentKind
			bodyCode
			provinceCode
			siteCode
			organisation {
				name
				uscc
			}
		}
	}
`);
const Decide = graphql(`
	mutation DecideAssessorRegistration($input: DecideAssessorInput!) {
		decideAssessorRegistration(input: $input) {
			__typename
			... on InputValidationError {
				fields {
					code
					message
					params {
						name
						value
					}
				}
			}
			... on Error {
				code
				message
				params {
					name
					value
				}
			}
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN')) error(403, 'forbidden');
	return { ...(await api(event, Registrations, {})), mayDecide: hasRole(event.locals.viewer, 'HR_APPROVER', 'ADMIN') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const registrationId = String(form.get('registrationId') ?? '');
		const approve = form.get('approve') === 'yes';
		const text = (name: string) => String(form.get(name) ?? '').trim() || null;
		const kind = form.get('assessmentKind');
		const { decideAssessorRegistration: r } = await api(event, Decide, {
			input: {
				registrationId,
				approve,
				reason: text('reason'),
				// The codes go with an approval only: they begin the body's certificate numbers.
				...(approve
					? {
							assessmentKind: kind === 'EMPLOYER' || kind === 'SOCIAL' ? kind : null,
							bodyCode: text('bodyCode'),
							siteCode: text('siteCode'),
						}
					: {}),
			},
		});
		if (r.__typename === 'MutationDecideAssessorRegistrationSuccess') return { done: registrationId };
		const t = translator(event.locals.lang);
		return fail(400, {
			registrationId,
			message: r.__typename === 'InputValidationError' ? r.fields.map((f) => failureText(t, f)).join('；') : failureText(t, r),
		});
	},
};
