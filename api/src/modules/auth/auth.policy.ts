// Session and throttling rules. Government portals hold personal data, so sessions are short.
export const SESSION_IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Activity is written at most this often, so a busy page does not write on every request. */
export const SESSION_ACTIVITY_WRITE_INTERVAL_MS = 5 * 60 * 1000;

/** Revealing personal data or moving money needs the password entered this recently. */
export const REAUTHENTICATION_WINDOW_MS = 5 * 60 * 1000;

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 30;
export const LOCKOUT_MS = 15 * 60 * 1000;

export const PASSWORD_MIN_LENGTH = 10;

export const API_TOKEN_PREFIX = 'cct_';
export const API_TOKEN_MAX_DAYS = 366;
/** Scopes an API token may hold; each domain reads only with its own scope. */
export const API_TOKEN_SCOPES = ['caregivers:read', 'training:read', 'certificates:read', 'subsidies:read', 'workforce:read'] as const;
