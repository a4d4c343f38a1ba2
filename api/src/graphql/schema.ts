import { builder } from './builder.ts';
import './scalars.ts';
import './roots.ts';
import './error-types.ts';
import '../modules/auth/user.types.ts';
import '../modules/auth/user.queries.ts';
import '../modules/auth/auth.mutations.ts';
import '../modules/regions/region.types.ts';
import '../modules/regions/region.queries.ts';
import '../modules/organisations/organisation.types.ts';
import '../modules/organisations/organisation.queries.ts';
import '../modules/caregivers/caregiver.types.ts';
import '../modules/caregivers/caregiver.queries.ts';
import '../modules/caregivers/caregiver.mutations.ts';
import '../modules/jobs/job.types.ts';
import '../modules/jobs/job.queries.ts';

export const schema = builder.toSchema({ sortSchema: true });
