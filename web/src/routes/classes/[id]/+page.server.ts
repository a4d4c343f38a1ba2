import { error, fail } from '@sveltejs/kit';
import { BREACHES_FROM } from '$lib/directed';
import { EDUCATIONS, oneOf } from '$lib/enums';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, type Translate, wordFailure, type ApiIssue } from '$lib/i18n';
import { api } from '$lib/server/api';
import { formDate, placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Class = graphql(`
	query DirectedClass($id: ID!, $after: String) {
		node(id: $id) {
			... on DirectedClass {
				id
				name
				cohortYear
				major
				quota
				studentCount
				sponsorName
				serviceYears
				programmeYears
				penaltyPercent
				tuitionYuanPerYear
				lodgingYuanPerYear
				allowanceYuanPerYear
				supportYuanPerYear
				sponsorRegion {
					code
					name
					nameEn
				}
				college {
					id
					name
				}
				students(first: 100, after: $after) {
					totalCount
					pageInfo {
						hasNextPage
						endCursor
					}
					edges {
						node {
							id
							studentNo
							status
							enrolledOn
							agreementNo
							agreementSignedOn
							graduatedOn
							earlyGraduationReason
							programmeEndsOn
							servedMonths
							owedMonths
							fulfilledOn
							caregiver {
								name
							}
							placement {
								startDate
								institution {
									name
								}
							}
							breach {
								kind
								occurredOn
								status
								amountDueYuan
								outstandingYuan
							}
						}
					}
				}
			}
		}
	}
`);

// Placement is only possible at a care institution in the sponsoring region: those are the choices offered.
const Institutions = graphql(`
	query PlacementInstitutions($regionCode: String!) {
		organisations(kind: INSTITUTION, regionCode: $regionCode, first: 100) {
			edges {
				node {
					id
					name
				}
			}
		}
	}
`);

const Admit = graphql(
	`
		mutation AdmitDirectedStudent($input: AdmitDirectedStudentInput!) {
			admitDirectedStudent(input: $input) {
				__typename
				...IssueParts
				... on QuotaFullError {
					quota
				}
				... on ActiveAgreementError {
					className
				}
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Agreement = graphql(
	`
		mutation RecordDirectedAgreement($input: RecordAgreementInput!) {
			recordDirectedAgreement(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Graduate = graphql(
	`
		mutation GraduateDirectedStudent($input: GraduateStudentInput!) {
			graduateDirectedStudent(input: $input) {
				__typename
				...IssueParts
				... on GraduationBeforeProgrammeEndError {
					earliest
				}
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Place = graphql(
	`
		mutation PlaceDirectedGraduate($input: PlaceGraduateInput!) {
			placeDirectedGraduate(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Breach = graphql(
	`
		mutation RecordDirectedBreach($input: RecordBreachInput!) {
			recordDirectedBreach(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const STUDENT_INPUTS = ['studentNo', 'name', 'residentId', 'phone', 'education', 'enrolledOn'] as const;
const BREACH_KINDS = [...new Set(Object.values(BREACHES_FROM).flat())];

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer) error(401, 'unauthenticated');
	const { node } = await api(event, Class, { id: event.params.id, after: event.url.searchParams.get('after') });
	if (!node || !('students' in node)) error(404, 'notFound');
	// Only the college runs its classes; the sponsoring region's HR bureau may also record breaches.
	const mayManage = viewer.memberships.some((m) => m.role === 'COLLEGE_STAFF' && m.organisation?.id === node.college.id);
	const mayBreach = mayManage || hasRole(viewer, 'HR_REVIEWER', 'HR_APPROVER');
	const placing = mayManage && node.students.edges.some((e) => e.node.status === 'GRADUATED');
	const institutions = placing
		? (await api(event, Institutions, { regionCode: node.sponsorRegion.code })).organisations.edges.map((e) => e.node)
		: [];
	return { cls: node, mayManage, mayBreach, institutions, created: event.url.searchParams.has('created') };
};

type Action = 'admit' | 'agreement' | 'graduate' | 'place' | 'breach';
type Result = {
	__typename: string;
	message?: string;
	code?: string;
	params?: readonly { name: string; value: string }[];
	fields?: readonly ApiIssue[];
};

/** A refused form: its values back, issues keyed by input, a message for the top. */
const refuse = (
	action: Action,
	studentId: string | null,
	values: Record<string, string>,
	fields: Record<string, string>,
	message: string,
) => fail(400, { action, studentId, done: false as const, values, fields, message });

/** The outcome of one of the page's small forms, tagged with the form (and student) it belongs to so errors show there. */
function outcome(
	t: Translate,
	action: Action,
	studentId: string | null,
	values: Record<string, string>,
	result: Result,
	inputs: readonly string[],
) {
	if (result.__typename.endsWith('Success'))
		return {
			action,
			studentId,
			done: true as const,
			values: {} as Record<string, string>,
			fields: {} as Record<string, string>,
			message: null,
		};
	if (result.fields) {
		const { fields, other } = placeIssues(t, result.fields, inputs);
		return refuse(action, studentId, values, fields, [t('checkFields'), ...other].join(' '));
	}
	return refuse(action, studentId, values, {}, wordFailure(t, result));
}

/** The submitted form's values (trimmed) and a translator; the student the row form is for. */
async function read(event: RequestEvent, inputs: readonly string[]) {
	const form = await event.request.formData();
	const values = Object.fromEntries(inputs.map((k) => [k, String(form.get(k) ?? '').trim()]));
	return { values, studentId: String(form.get('studentId') ?? ''), t: translator(event.locals.lang) };
}

/** Dates the API could not parse would fail the whole request: they are reported on their field instead. */
function missingDates(t: Translate, action: Action, studentId: string | null, values: Record<string, string>, names: string[]) {
	const fields = Object.fromEntries(names.filter((k) => !formDate(values[k] ?? null)).map((k) => [k, t('dateRequired')]));
	return Object.keys(fields).length ? refuse(action, studentId, values, fields, t('checkFields')) : null;
}

export const actions: Actions = {
	admit: async (event) => {
		const { values, t } = await read(event, STUDENT_INPUTS);
		const education = oneOf(EDUCATIONS, values.education ?? null);
		const invalid = missingDates(t, 'admit', null, values, ['enrolledOn']);
		if (invalid) return invalid;
		const { admitDirectedStudent: result } = await api(event, Admit, {
			input: {
				classId: event.params.id,
				studentNo: values.studentNo!,
				name: values.name!,
				residentId: values.residentId!.toUpperCase(),
				phone: values.phone || null,
				education,
				enrolledOn: values.enrolledOn!,
			},
		});
		return outcome(t, 'admit', null, values, result, STUDENT_INPUTS);
	},
	agreement: async (event) => {
		const inputs = ['agreementNo', 'signedOn'];
		const { values, studentId, t } = await read(event, inputs);
		const invalid = missingDates(t, 'agreement', studentId, values, ['signedOn']);
		if (invalid) return invalid;
		const { recordDirectedAgreement: result } = await api(event, Agreement, {
			input: { studentId, agreementNo: values.agreementNo!, signedOn: values.signedOn! },
		});
		return outcome(t, 'agreement', studentId, values, result, inputs);
	},
	graduate: async (event) => {
		const inputs = ['graduatedOn', 'earlyGraduationReason'];
		const { values, studentId, t } = await read(event, inputs);
		const invalid = missingDates(t, 'graduate', studentId, values, ['graduatedOn']);
		if (invalid) return invalid;
		const { graduateDirectedStudent: result } = await api(event, Graduate, {
			input: { studentId, graduatedOn: values.graduatedOn!, earlyGraduationReason: values.earlyGraduationReason || null },
		});
		if (result.__typename === 'GraduationBeforeProgrammeEndError')
			return refuse(
				'graduate',
				studentId,
				values,
				{ earlyGraduationReason: t('dir.error.GRADUATION_BEFORE_PROGRAMME_END', { earliest: result.earliest }) },
				t('checkFields'),
			);
		return outcome(t, 'graduate', studentId, values, result, inputs);
	},
	place: async (event) => {
		const inputs = ['institutionId', 'startDate'];
		const { values, studentId, t } = await read(event, inputs);
		if (!values.institutionId) return refuse('place', studentId, values, { institutionId: t('dir.chooseInstitution') }, t('checkFields'));
		const invalid = missingDates(t, 'place', studentId, values, ['startDate']);
		if (invalid) return invalid;
		const { placeDirectedGraduate: result } = await api(event, Place, {
			input: { studentId, institutionId: values.institutionId, startDate: values.startDate! },
		});
		return outcome(t, 'place', studentId, values, result, inputs);
	},
	breach: async (event) => {
		const inputs = ['kind', 'occurredOn', 'note'];
		const { values, studentId, t } = await read(event, inputs);
		const kind = oneOf(BREACH_KINDS, values.kind ?? null);
		if (!kind) return refuse('breach', studentId, values, { kind: t('checkFields') }, t('checkFields'));
		const invalid = missingDates(t, 'breach', studentId, values, ['occurredOn']);
		if (invalid) return invalid;
		const { recordDirectedBreach: result } = await api(event, Breach, {
			input: { studentId, kind, occurredOn: values.occurredOn!, note: values.note! },
		});
		return outcome(t, 'breach', studentId, values, result, inputs);
	},
};
