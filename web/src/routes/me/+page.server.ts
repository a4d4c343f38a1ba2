import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { CaregiverDetailQuery } from '$lib/server/caregivers';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = event.locals.viewer?.caregiver?.id;
	if (!id) error(404, 'No caregiver record is linked to this login');
	const { caregiver } = await api(event, CaregiverDetailQuery, { id });
	if (!caregiver) error(404, 'Caregiver not found');
	return { caregiver };
};
