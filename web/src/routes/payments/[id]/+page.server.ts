import { translator, wordFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Batch = graphql(`
	query PaymentBatch($id: ID!) {
		node(id: $id) {
			... on PaymentBatch {
				id
				reference
				status
				lineCount
				totalYuan
				paidYuan
				failedYuan
				pendingYuan
				createdAt
				reconciledAt
				lines(first: 500) {
					edges {
						node {
							id
							lineNo
							amountYuan
							status
							failureReason
							claimReference
							payeeName
							accountMasked
						}
					}
				}
				returnFiles {
					id
					fileName
					createdAt
					finishedAt
					jobId
					paid
					failed
					unchanged
					reconciled
					rejectedCount
					rejected(first: 100) {
						row
						field
						code
						params {
							name
							value
						}
						message
					}
				}
			}
		}
	}
`);
const Layouts = graphql(`
	query BankFileLayouts {
		bankFileLayouts {
			id
			code
			bankName
			name
			format
			totalRow
			columns {
				header
				field
			}
		}
	}
`);
const Reauthenticate = graphql(
	`
		mutation ReturnReauth($password: String!) {
			reauthenticate(password: $password) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const ImportReturn = graphql(
	`
		mutation ImportReturn($input: ImportBankReturnInput!) {
			importBankReturn(input: $input) {
				__typename
				... on MutationImportBankReturnSuccess {
					data {
						id
						finishedAt
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'FINANCE_OFFICER', 'ADMIN')) error(403, 'forbidden');
	const [{ node }, { bankFileLayouts }] = await Promise.all([api(event, Batch, { id: event.params.id }), api(event, Layouts, {})]);
	if (!node || !('reference' in node)) error(404, 'notFound');
	return { batch: node, layouts: bankFileLayouts };
};

export const actions: Actions = {
	import: async (event) => {
		const form = await event.request.formData();
		const { reauthenticate } = await api(event, Reauthenticate, { password: String(form.get('password') ?? '') });
		if (reauthenticate.__typename !== 'MutationReauthenticateSuccess') return fail(400, { issue: 'reauth', started: null, again: false });
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { issue: 'empty', started: null, again: false });
		const { importBankReturn: r } = await api(event, ImportReturn, {
			input: { batchId: event.params.id, fileName: file.name, contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64') },
		});
		// A new upload is answered before its job has run; an import already finished means the same file was sent again.
		if (r.__typename === 'MutationImportBankReturnSuccess')
			return { issue: null, started: r.data?.id ?? null, again: !!r.data?.finishedAt };
		return fail(400, { issue: wordFailure(translator(event.locals.lang), r), started: null, again: false });
	},
};
