import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';

/** A Relay global ID of the given type inside an input object, decoded to the database id. */
export function zGlobalId(typename: string) {
  return z.string().transform((value, ctx) => {
    try {
      const decoded = decodeGlobalID(value);
      if (decoded.typename === typename && decoded.id) return decoded.id;
    } catch {
      // not base64 or not typename:id; reported below
    }
    ctx.addIssue({ code: 'custom', message: `must be a ${typename} ID` });
    return z.NEVER;
  });
}
