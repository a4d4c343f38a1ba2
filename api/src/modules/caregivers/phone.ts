/** A mobile number as shown to those who may not read it whole, and as kept in the append-only audit log. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
