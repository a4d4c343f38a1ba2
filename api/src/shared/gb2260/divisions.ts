import data from './division-codes.json' with { type: 'json' };

// Current codes and those of divisions since abolished or renumbered: a resident ID number keeps the
// code of the place it was first issued in, however the map has changed since.
const known = new Set<string>([...data.current, ...data.historical]);

/** Whether `code` is a GB/T 2260 division code, current or historical (see division-codes.json for the sources). */
export const isDivisionCode = (code: string): boolean => known.has(code);

/** The divisions in force, sorted. */
export const CURRENT_DIVISION_CODES: readonly string[] = data.current;
