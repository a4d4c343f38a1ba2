import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { failureText, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const VerifyCertificate = graphql(`
	query VerifyCertificate($input: VerifyCertificateInput!) {
		verifyCertificate(input: $input) {
			__typename
			... on QueryVerifyCertificateSuccess {
				data {
					number
					holderMasked
					levelNameZh
					levelNameEn
					issuerName
					issuedOn
					status
				}
			}
			... on VerificationRateLimitedError {
				retryAfterSeconds
			}
			... on InputValidationError {
				fields {
					path
					code
					message
					params {
						name
						value
					}
				}
			}
		}
	}
`);

/**
 * The QR code on a printed certificate opens `/verify?number=…`: the number is filled in, and the
 * holder's full name is still asked for, so scanning alone reveals nothing about the holder.
 */
export const load: PageServerLoad = ({ url }) => {
	const number = url.searchParams.get('number')?.replace(/\s+/g, '').toUpperCase() ?? '';
	// The national form (a letter and 21 digits), and the earlier 18- and 16-character numbers.
	return { number: /^([YS]\d{21}|\d{17}[\dX]|\d{16})$/.test(number) ? number : '' };
};

// Public: employers and the public check a certificate here without an account (the API limits look-ups per address).
export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = { number: String(form.get('number') ?? '').trim(), holderName: String(form.get('holderName') ?? '').trim() };
		const { verifyCertificate: answer } = await api(event, VerifyCertificate, { input: values });
		if (answer === null) return { values, notFound: true as const };
		if (answer.__typename === 'QueryVerifyCertificateSuccess') return { values, result: answer.data };
		if (answer.__typename === 'VerificationRateLimitedError') return fail(429, { values, retryAfter: answer.retryAfterSeconds });
		const fields = answer.__typename === 'InputValidationError' ? answer.fields : [];
		const t = translator(event.locals.lang);
		const issue = (field: string) =>
			fields
				.filter((f) => f.path.includes(field))
				.map((f) => failureText(t, f))
				.join('；') || undefined;
		return fail(400, { values, numberIssue: issue('number'), nameIssue: issue('holderName') });
	},
};
