import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { CaregiverDetailQuery } from '$lib/server/caregivers';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = event.locals.viewer?.caregiverId;
	if (!id) error(404, 'notFound');
	const { caregiver } = await api(event, CaregiverDetailQuery, { id });
	if (!caregiver) error(404, 'notFound');
	return { caregiver };
};
