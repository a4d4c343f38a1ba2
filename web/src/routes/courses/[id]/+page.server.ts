import { translator, wordFailure, type ApiFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { formDate } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Course = graphql(`
	query CourseDetail($id: ID!) {
		node(id: $id) {
			... on Course {
				id
				code
				title
				description
				kind
				status
				startsOn
				endsOn
				place
				capacity
				seatsTaken
				openSeats
				waitlisted
				feeYuan
				governmentFunded
				requiredHours
				passMark
				publishedAt
				provider {
					name
				}
				region {
					name
					nameEn
				}
				targetLevel {
					nameZh
					nameEn
				}
				sessions {
					id
					seq
					topic
					startsAt
					endsAt
					place
					hours
				}
				enrolments(first: 500) {
					totalCount
					edges {
						node {
							id
							status
							waitlistPosition
							attendedHours
							score
							outcomeNote
							completedOn
							governmentFunded
							caregiver {
								name
								residentIdMasked
							}
							attendance {
								seq
								hours
							}
						}
					}
				}
			}
		}
	}
`);

type Outcome = ApiFailure & { __typename: string };
const issueOf = (event: { locals: App.Locals }, r: Outcome) => wordFailure(translator(event.locals.lang), r);
/** A mutation's answer as a form result: ok, or the typed refusal in words. */
const answer = (event: { locals: App.Locals }, action: string, r: Outcome) =>
	r.__typename.endsWith('Success') ? { action, ok: true, issue: null } : fail(400, { action, ok: false, issue: issueOf(event, r) });

const Apply = graphql(
	`
		mutation ApplyCourse($id: ID!) {
			applyForCourse(input: { courseId: $id }) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Withdraw = graphql(
	`
		mutation WithdrawCourse($input: WithdrawEnrolmentInput!) {
			withdrawEnrolment(input: $input) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Publish = graphql(
	`
		mutation PublishCourse($id: ID!) {
			publishCourse(courseId: $id) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Cancel = graphql(
	`
		mutation CancelCourse($id: ID!, $reason: String!) {
			cancelCourse(courseId: $id, reason: $reason) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Capacity = graphql(
	`
		mutation CourseCapacity($input: ChangeCourseCapacityInput!) {
			changeCourseCapacity(input: $input) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const AddSession = graphql(
	`
		mutation AddSession($input: AddCourseSessionInput!) {
			addCourseSession(input: $input) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Attendance = graphql(
	`
		mutation Attendance($input: RecordAttendanceInput!) {
			recordAttendance(input: $input) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Result = graphql(
	`
		mutation CourseResult($input: RecordCourseResultInput!) {
			recordCourseResult(input: $input) {
				__typename
				...FailureParts
				...IssueParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	const { node } = await api(event, Course, { id: event.params.id });
	if (!node || !('code' in node)) error(404, 'notFound');
	const viewer = event.locals.viewer;
	return { course: node, provider: hasRole(viewer, 'TRAINING_PROVIDER_STAFF'), caregiver: !!viewer?.caregiverId };
};

/** China's civil date and a time of day as an instant (China has no daylight saving). */
const chinaInstant = (day: string | null, time: string) => (day && /^\d{2}:\d{2}$/.test(time) ? `${day}T${time}:00+08:00` : '');
const num = (v: FormDataEntryValue | null) => (v === null || v === '' ? NaN : Number(v));

export const actions: Actions = {
	apply: async (event) => answer(event, 'apply', (await api(event, Apply, { id: event.params.id })).applyForCourse),
	withdraw: async (event) => {
		const form = await event.request.formData();
		const input = { enrolmentId: String(form.get('enrolmentId') ?? ''), reason: String(form.get('reason') ?? '') || null };
		return answer(event, 'withdraw', (await api(event, Withdraw, { input })).withdrawEnrolment);
	},
	publish: async (event) => answer(event, 'publish', (await api(event, Publish, { id: event.params.id })).publishCourse),
	cancel: async (event) =>
		answer(
			event,
			'cancel',
			(await api(event, Cancel, { id: event.params.id, reason: String((await event.request.formData()).get('reason') ?? '') }))
				.cancelCourse,
		),
	capacity: async (event) => {
		const capacity = num((await event.request.formData()).get('capacity'));
		if (!Number.isInteger(capacity)) return fail(400, { action: 'capacity', ok: false, issue: 'capacity' });
		return answer(event, 'capacity', (await api(event, Capacity, { input: { courseId: event.params.id, capacity } })).changeCourseCapacity);
	},
	session: async (event) => {
		const form = await event.request.formData();
		const day = formDate(form.get('day'));
		const input = {
			courseId: event.params.id,
			topic: String(form.get('topic') ?? ''),
			place: String(form.get('place') ?? ''),
			startsAt: chinaInstant(day, String(form.get('from') ?? '')),
			endsAt: chinaInstant(day, String(form.get('to') ?? '')),
			hours: num(form.get('hours')),
		};
		if (!input.startsAt || !input.endsAt || Number.isNaN(input.hours))
			return fail(400, { action: 'session', ok: false, issue: 'day / from / to / hours' });
		return answer(event, 'session', (await api(event, AddSession, { input })).addCourseSession);
	},
	attendance: async (event) => {
		const form = await event.request.formData();
		const lines = form.getAll('enrolment').flatMap((id) => {
			const raw = form.get(`hours-${id}`);
			return raw === null || raw === '' ? [] : [{ enrolmentId: String(id), hours: Number(raw) }];
		});
		if (!lines.length) return fail(400, { action: 'attendance', ok: false, issue: 'hours' });
		return answer(
			event,
			'attendance',
			(await api(event, Attendance, { input: { sessionId: String(form.get('sessionId') ?? ''), lines } })).recordAttendance,
		);
	},
	result: async (event) => {
		const form = await event.request.formData();
		const assessedOn = formDate(form.get('assessedOn'));
		const score = num(form.get('score'));
		if (!assessedOn || Number.isNaN(score)) return fail(400, { action: 'result', ok: false, issue: 'score / assessedOn' });
		return answer(
			event,
			'result',
			(await api(event, Result, { input: { enrolmentId: String(form.get('enrolmentId') ?? ''), score, assessedOn } })).recordCourseResult,
		);
	},
};
