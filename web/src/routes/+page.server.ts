import { loadInbox } from '$lib/server/notifications';
import type { PageServerLoad } from './$types';

/** A caregiver's phone home page shows their latest notifications; other roles follow the header's link. */
export const load: PageServerLoad = async (event) => ({
	latest: event.locals.viewer?.caregiverId ? (await loadInbox(event, 3)).items : null,
});
