import type { RequestEvent } from '@sveltejs/kit';
import { graphql, type EnumOf } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RegionGroup, RegionOption } from '$lib/regions';
import { BUREAU_ROLES, type Viewer } from '$lib/viewer';

const RegionTree = graphql(`
	query RegionTree($code: String!) {
		region(code: $code) {
			code
			name
			nameEn
			level
			children(first: 100) {
				edges {
					node {
						code
						name
						nameEn
						level
						children(first: 100) {
							edges {
								node {
									code
									name
									nameEn
									level
								}
							}
						}
					}
				}
			}
		}
	}
`);

const ProvinceTree = graphql(`
	query ProvinceTree {
		regions(level: PROVINCE, first: 100) {
			edges {
				node {
					code
					name
					nameEn
					level
					children(first: 100) {
						edges {
							node {
								code
								name
								nameEn
								level
							}
						}
					}
				}
			}
		}
	}
`);

type Named = { code: string; name: string; nameEn: string | null; level: EnumOf<'RegionLevel'> };
type Tree = Named & { children: { edges: { node: Named & { children?: { edges: { node: Named }[] } } }[] } };

const option = ({ code, name, nameEn, level }: Named): RegionOption => ({
	code,
	name,
	nameEn,
	whole: level === 'PROVINCE' || level === 'CITY',
});

// The root heads the first group with its childless children; every child that has children of
// its own (a city with its counties) gets a group. Two levels keep a select usable.
function groupsOf(root: Tree): RegionGroup[] {
	const head: RegionGroup = { name: root.name, nameEn: root.nameEn, options: [option(root)] };
	const groups: RegionGroup[] = [head];
	for (const { node: child } of root.children.edges) {
		const below = child.children?.edges ?? [];
		if (below.length)
			groups.push({ name: child.name, nameEn: child.nameEn, options: [option(child), ...below.map(({ node }) => option(node))] });
		else head.options.push(option(child));
	}
	return groups;
}

/** A province's code from any code below it (GB/T 2260: the first two digits name the province). */
export const provinceOf = (code: string) => `${code.slice(0, 2)}0000`;

/**
 * The region at the top of what the viewer works on: a bureau's own region, an institution's
 * province, or null for the whole country (admins).
 */
export function scopeOf(viewer: Viewer | null): string | null {
	const bureau = viewer?.memberships.find((m) => (BUREAU_ROLES as readonly string[]).includes(m.role) && m.region);
	if (bureau?.region) return bureau.region.code;
	const staff = viewer?.memberships.find((m) => m.organisation);
	return staff?.organisation ? provinceOf(staff.organisation.region.code) : null;
}

/** Regions below `root` (or provinces and their cities when root is null), grouped for a <select>. */
export async function regionGroups(event: RequestEvent, root: string | null): Promise<RegionGroup[]> {
	if (root) {
		const { region } = await api(event, RegionTree, { code: root });
		return region ? groupsOf(region) : [];
	}
	const { regions } = await api(event, ProvinceTree, {});
	return regions.edges.flatMap(({ node }) => groupsOf(node));
}
