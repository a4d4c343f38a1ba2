-- AlterEnum
ALTER TYPE "CompetitionOutcome" ADD VALUE 'PROMOTION_WITHHELD';

-- AlterTable
ALTER TABLE "Competition" ADD COLUMN     "minEntrantsForPromotion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "minRoundsForPromotion" INTEGER NOT NULL DEFAULT 0;
