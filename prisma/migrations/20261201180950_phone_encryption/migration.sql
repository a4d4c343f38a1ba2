-- Phone numbers move to ciphertext; rows written before keep theirs in clear until `pnpm data:reencrypt`
-- (a job of the application, which holds the key) encrypts them and empties "phone".
-- AlterTable
ALTER TABLE "Caregiver" ADD COLUMN     "phoneCipher" BYTEA,
ADD COLUMN     "phoneMasked" TEXT;
