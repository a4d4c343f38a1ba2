-- CreateTable
CREATE TABLE "ReferenceDataSet" (
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "appliedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferenceDataSet_pkey" PRIMARY KEY ("name")
);
