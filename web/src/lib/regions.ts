export type RegionOption = {
	code: string;
	name: string;
	nameEn: string | null;
	/** A province or city, standing for its whole subtree. */
	whole: boolean;
};

/** Regions for a <select>: one group per province or city. */
export type RegionGroup = { name: string; nameEn: string | null; options: RegionOption[] };
