-- CreateEnum
CREATE TYPE "BankFileFormat" AS ENUM ('CSV', 'XLSX');

-- CreateEnum
CREATE TYPE "BankFileTotalRow" AS ENUM ('NONE', 'TOP', 'BOTTOM');

-- AlterTable
ALTER TABLE "AssessorRegistration" ADD COLUMN     "filingCode" TEXT,
ADD COLUMN     "sealSha256" CHAR(64);

-- AlterTable
ALTER TABLE "Caregiver" ADD COLUMN     "photoMimeType" TEXT,
ADD COLUMN     "photoSha256" CHAR(64);

-- AlterTable
ALTER TABLE "FundSource" ADD COLUMN     "bankFileLayoutId" UUID,
ADD COLUMN     "payerAccount" TEXT,
ADD COLUMN     "payerBank" TEXT,
ADD COLUMN     "payerName" TEXT;

-- CreateTable
CREATE TABLE "BankFileLayout" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "bankName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "format" "BankFileFormat" NOT NULL,
    "columns" JSONB NOT NULL,
    "totalRow" "BankFileTotalRow" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BankFileLayout_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BankFileLayout_code_key" ON "BankFileLayout"("code");

-- AddForeignKey
ALTER TABLE "FundSource" ADD CONSTRAINT "FundSource_bankFileLayoutId_fkey" FOREIGN KEY ("bankFileLayoutId") REFERENCES "BankFileLayout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The two banks' bulk-payment (代发) templates finance starts with; more are added as data.
INSERT INTO "BankFileLayout" ("id", "code", "bankName", "name", "format", "columns", "totalRow", "updatedAt") VALUES
(gen_random_uuid(), 'ICBC-DAIFA', '中国工商银行', '工商银行企业网银批量代发', 'XLSX',
 '[{"header":"业务参考号","field":"REFERENCE"},{"header":"付款账号","field":"PAYER_ACCOUNT"},{"header":"付款账户名称","field":"PAYER_NAME"},{"header":"收款账号","field":"PAYEE_ACCOUNT"},{"header":"收款账户名称","field":"PAYEE_NAME"},{"header":"收款账户开户行","field":"PAYEE_BANK"},{"header":"币种","field":"CURRENCY"},{"header":"金额","field":"AMOUNT"},{"header":"用途","field":"PURPOSE"}]',
 'TOP', CURRENT_TIMESTAMP),
(gen_random_uuid(), 'CCB-DAIFA', '中国建设银行', '建设银行企业网银批量代发', 'CSV',
 '[{"header":"序号","field":"SEQ"},{"header":"收款账号","field":"PAYEE_ACCOUNT"},{"header":"收款户名","field":"PAYEE_NAME"},{"header":"金额(元)","field":"AMOUNT"},{"header":"收款行名称","field":"PAYEE_BANK"},{"header":"摘要","field":"PURPOSE"},{"header":"付款账号","field":"PAYER_ACCOUNT"},{"header":"付款户名","field":"PAYER_NAME"},{"header":"客户流水号","field":"REFERENCE"}]',
 'BOTTOM', CURRENT_TIMESTAMP);
