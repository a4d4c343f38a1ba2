import { redirect } from '@sveltejs/kit';
import { parseLang } from '$lib/i18n';
import { sameSitePath } from '$lib/server/redirects';
import { setLangCookie } from '$lib/server/session';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		setLangCookie(cookies, url, parseLang(String(form.get('lang'))));
		redirect(303, sameSitePath(String(form.get('back') ?? '')));
	},
};
