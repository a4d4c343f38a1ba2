import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const MyCertification = graphql(`
	query MyCertification {
		certificates(first: 50) { edges { node { id number issuedOn status revokedReason level { code nameZh nameEn } issuer { name } } } }
		examSessions(first: 20) { edges { node { id startsAt place capacity seatsTaken feeFen level { code nameZh nameEn } assessor { name } } } }
		firstAidCertificates { number issuer expiresOn valid }
		myLevelApplications { id status theoryScore practicalScore reviewScore rejectionReason createdAt session { startsAt place level { nameZh nameEn } } }
	}
`);

const LevelEligibility = graphql(`
	query LevelEligibility($levelCode: String!) {
		levelEligibility(levelCode: $levelCode) {
			__typename
			... on QueryLevelEligibilitySuccess { data { eligible levelCode rules { ruleId met zh en } } }
		}
	}
`);

const ApplyForExam = graphql(`
	mutation ApplyForExam($input: ApplyForExamInput!) {
		applyForExam(input: $input) {
			__typename
			... on NotEligibleError { message eligibility { rules { ruleId met zh en } } }
			... on Error { message }
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!event.locals.viewer?.caregiverId) error(403, 'forbidden');
	const data = await api(event, MyCertification, {});
	const levels = [...new Set(data.examSessions.edges.map((e) => e.node.level.code))];
	const judged = await Promise.all(levels.map((levelCode) => api(event, LevelEligibility, { levelCode })));
	const eligibility = Object.fromEntries(
		judged.flatMap(({ levelEligibility: e }) => (e.__typename === 'QueryLevelEligibilitySuccess' ? [[e.data.levelCode, e.data] as const] : []))
	);
	return { ...data, eligibility };
};

export const actions: Actions = {
	apply: async (event) => {
		const form = await event.request.formData();
		const sessionId = String(form.get('sessionId') ?? '');
		const { applyForExam: result } = await api(event, ApplyForExam, { input: { sessionId } });
		if (result.__typename === 'MutationApplyForExamSuccess') return { applied: sessionId };
		return fail(400, { sessionId, message: result.message, rules: result.__typename === 'NotEligibleError' ? result.eligibility.rules : [] });
	}
};
