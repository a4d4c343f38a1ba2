// Which modules each module may import (besides the kernel and infrastructure: shared/, graphql/,
// db/, jobs/, files/, config/, observability/, generated/). Read by eslint.config.js, which refuses
// any other import between modules and any import from infrastructure up into modules or app/.
// A new edge is a design decision: add it here, in review, never to silence the linter.
export const MODULE_DEPENDENCIES = {
  audit: [],
  calendar: ['audit'],
  // Told of domain events by the modules that emit them; imports none of them.
  notifications: ['audit'],
  auth: ['audit'],
  regions: ['audit', 'notifications'],
  organisations: ['audit'],
  caregivers: ['audit', 'auth', 'organisations'],
  'background-jobs': ['audit', 'caregivers'],
  blacklist: ['audit', 'caregivers', 'notifications'],
  certification: ['audit', 'blacklist', 'caregivers', 'notifications'],
  competitions: ['audit', 'blacklist', 'caregivers', 'certification'],
  training: ['audit', 'caregivers', 'notifications', 'regions'],
  subsidies: ['audit', 'auth', 'caregivers', 'notifications', 'organisations', 'regions'],
  'directed-training': ['audit', 'caregivers', 'subsidies', 'training'],
  workforce: ['audit', 'regions'],
};
