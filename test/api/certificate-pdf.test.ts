import { randomInt, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../api/src/config/env.ts';
import { prisma } from '../../api/src/db/client.ts';
import { findCertificateFont, verificationUrl } from '../../api/src/modules/certification/certificate-pdf.ts';
import { formatCertificateNumber } from '../../api/src/modules/certification/certificate-number.ts';
import { CertificateFontMissingError } from '../../api/src/modules/certification/certification.errors.ts';
import { ensureSkillLevels, gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { decodeQrCode, pdfText } from '../support/pdf.ts';

const PDF = `query($id: ID!) { certificatePdf(certificateId: $id) { __typename
  ... on QueryCertificatePdfSuccess { data { fileName contentBase64 verificationUrl } }
  ... on Error { code message } } }`;

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  const levels = await ensureSkillLevels();
  const regions = await makeRegionTree();
  const home = await makeOrganisation(regions.county.id);
  const assessorOrg = await makeOrganisation(regions.county.id, 'ASSESSOR');
  const name = `欧阳${['秀英', '桂兰', '丽华'][randomInt(3)]}${randomUUID().slice(0, 2)}`;
  const person = await makeCaregiver(regions.county.id, regions.county.code, { name });
  await makeEmployment(person.caregiver.id, home.id, '2022-03-01');
  const certificate = async (status: 'VALID' | 'REVOKED' = 'VALID') =>
    prisma.certificate.create({
      data: {
        number: formatCertificateNumber({
          letter: 'S',
          bodyCode: '0000',
          provinceCode: regions.county.code.slice(0, 2),
          siteCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
          year: 2025,
          grade: 5,
          serial: randomInt(1, 1_000_000),
        }),
        caregiverId: person.caregiver.id,
        levelId: levels.get('L5')!,
        issuerId: assessorOrg.id,
        issuedOn: d('2025-09-01'),
        source: 'EXAM',
        ...(status === 'REVOKED' ? { status, revokedAt: new Date('2026-01-05T03:00:00Z'), revokedReason: '伪造工作经历材料' } : {}),
      },
    });
  return {
    regions,
    home,
    assessorOrg,
    person,
    name,
    certificate,
    holder: await makeUser('CAREGIVER', { caregiverId: person.caregiver.id }),
  };
}

beforeAll(async () => {
  w = await world();
});

const download = async (certificateId: string, token: string) => {
  const res = await gql(PDF, { id: gid('Certificate', certificateId) }, { token });
  return res.data?.certificatePdf;
};

describe('PDF certificates', () => {
  it('prints the holder’s certificate in Chinese with the masked ID and a QR code to the verification page', async () => {
    const cert = await w.certificate();
    const result = await download(cert.id, w.holder.token);
    expect(result.__typename).toBe('QueryCertificatePdfSuccess');
    const url = `${env.WEB_ORIGIN}/verify?number=${cert.number}`;
    expect(result.data).toMatchObject({ fileName: `carecert-certificate-${cert.number}.pdf`, verificationUrl: url });

    const pdf = Buffer.from(result.data.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 landscape, one page.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);

    const { text, links, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      '职业技能等级证书',
      w.name,
      cert.number,
      '五级/初级工',
      'Level 5 / Junior',
      w.assessorOrg.name,
      '2025年9月1日',
      '有效',
      w.person.caregiver.residentIdMasked,
      '女',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('已撤销');
    // The full resident ID number appears nowhere: not in the text, not in the file.
    expect(text).not.toContain(w.person.residentId);
    expect(pdf.toString('latin1')).not.toContain(w.person.residentId);

    expect(decodeQrCode(pdf)).toBe(url);
    expect(links).toContain(url);
  });

  it('marks a revoked certificate 已撤销 with the date', async () => {
    const cert = await w.certificate('REVOKED');
    const result = await download(cert.id, w.holder.token);
    const pdf = Buffer.from(result.data.contentBase64, 'base64');
    const { text } = await pdfText(pdf);
    expect(text).toContain('已撤销');
    expect(text).toContain('本证书已撤销，不再有效（撤销日期 2026年1月5日）');
    expect(text).toContain('REVOKED');
    expect(text).not.toMatch(/有效 Valid/);
    expect(decodeQrCode(pdf)).toBe(verificationUrl(cert.number));
  });

  it('serves the employer, the issuing assessment body and the county bureau, and refuses everyone else with a typed error', async () => {
    const cert = await w.certificate();
    const allowed = {
      employer: (await makeUser('INSTITUTION_STAFF', { organisationId: w.home.id })).token,
      'issuing assessment body': (await makeUser('ASSESSOR', { organisationId: w.assessorOrg.id })).token,
      'HR bureau of the city': (await makeUser('HR_REVIEWER', { regionId: w.regions.city.id })).token,
    };
    for (const [who, token] of Object.entries(allowed))
      expect((await download(cert.id, token)).__typename, who).toBe('QueryCertificatePdfSuccess');

    const other = await makeCaregiver(w.regions.county.id, w.regions.county.code);
    const refused = {
      'another caregiver': (await makeUser('CAREGIVER', { caregiverId: other.caregiver.id })).token,
      'another institution': (await makeUser('INSTITUTION_STAFF', { organisationId: (await makeOrganisation(w.regions.county.id)).id }))
        .token,
      'another assessment body': (
        await makeUser('ASSESSOR', { organisationId: (await makeOrganisation(w.regions.county.id, 'ASSESSOR')).id })
      ).token,
      'bureau of another county': (await makeUser('HR_REVIEWER', { regionId: w.regions.otherCounty.id })).token,
    };
    for (const [who, token] of Object.entries(refused)) {
      const res = await gql(PDF, { id: gid('Certificate', cert.id) }, { token });
      expect(res.errors, who).toBeUndefined();
      expect(res.data?.certificatePdf, who).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Certificate not found' });
      expect(JSON.stringify(res), who).not.toContain(w.name);
    }
    const anonymous = await gql(PDF, { id: gid('Certificate', cert.id) });
    expect(anonymous.data?.certificatePdf).toMatchObject({ __typename: 'UnauthenticatedError', code: 'UNAUTHENTICATED' });
  });

  it('fails with a typed error naming the remedy when no CJK font is installed', () => {
    const missing = { regular: { path: `/nonexistent/${randomUUID()}.ttc`, face: 'NotoSansCJKsc-Regular' } };
    expect(() => findCertificateFont(null, [missing])).toThrow(CertificateFontMissingError);
    expect(() => findCertificateFont(missing.regular)).toThrow(/fonts-noto-cjk or set CERTIFICATE_FONT/);
    try {
      findCertificateFont(null, [missing]);
    } catch (error) {
      expect((error as CertificateFontMissingError).code).toBe('CERTIFICATE_FONT_MISSING');
    }
  });
});
