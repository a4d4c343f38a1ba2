import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';

/** A Relay global ID of the given type inside an input object, decoded to the database id. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function zGlobalId(typename: string) {
  return z.string().transform((value, ctx) => {
    try {
      const decoded = decodeGlobalID(value);
      // Every record id is a UUID: anything else would reach PostgreSQL as an invalid uuid cast.
      if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id;
    } catch {
      // not base64 or not typename:id; reported below
    }
    ctx.addIssue({ code: 'custom', message: `must be a ${typename} ID` });
    return z.NEVER;
  });
}
