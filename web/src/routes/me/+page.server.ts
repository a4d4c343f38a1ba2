import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { CaregiverDetailQuery, uploadHolderPhoto } from '$lib/server/caregivers';
import type { Actions, PageServerLoad } from './$types';

const SmsQuery = graphql(`
	query MySmsSubscription {
		smsSubscription {
			phoneMasked
		}
	}
`);
const OptIn = graphql(`
	mutation OptInToSms($phone: String!) {
		optInToSms(input: { phone: $phone }) {
			__typename
			... on Error {
				code
			}
		}
	}
`);
const OptOut = graphql(`
	mutation OptOutOfSms {
		optOutOfSms
	}
`);

export const load: PageServerLoad = async (event) => {
	const id = event.locals.viewer?.caregiverId;
	if (!id) error(404, 'notFound');
	const [{ caregiver }, { smsSubscription }] = await Promise.all([api(event, CaregiverDetailQuery, { id }), api(event, SmsQuery, {})]);
	if (!caregiver) error(404, 'notFound');
	return { caregiver, sms: smsSubscription };
};

export const actions: Actions = {
	optIn: async (event) => {
		const phone = String((await event.request.formData()).get('phone') ?? '').trim();
		const { optInToSms: r } = await api(event, OptIn, { phone });
		if (r.__typename !== 'MutationOptInToSmsSuccess') return fail(400, { phone, smsError: true });
		return { smsOn: true };
	},
	photo: async (event) => {
		const issue = await uploadHolderPhoto(event, event.locals.viewer?.caregiverId ?? '');
		return issue ? fail(400, { photoIssue: issue }) : { photoSaved: true };
	},
	optOut: async (event) => {
		await api(event, OptOut, {});
		return { smsOn: false };
	},
};
