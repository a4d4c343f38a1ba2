import { randomInt, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../api/src/config/env.ts';
import { prisma } from '../../api/src/db/client.ts';
import {
  findCertificateFont,
  renderCertificatePdf,
  verificationBase,
  verificationUrl,
} from '../../api/src/modules/certification/certificate-pdf.ts';
import { formatCertificateNumber } from '../../api/src/modules/certification/certificate-number.ts';
import { CertificateFontMissingError, VerifyUrlNotPublicError } from '../../api/src/modules/certification/certification.errors.ts';
import {
  approveAssessor,
  ensureSkillLevels,
  gid,
  makeCaregiver,
  makeEmployment,
  makeOrganisation,
  makeRegionTree,
  makeUser,
} from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { decodeQrCode, pdfText, solidPng } from '../support/pdf.ts';

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
      // The ID number in full, as the official certificate prints it (the verification page masks it).
      w.person.residentId,
      '养老护理员',
      '评价机构',
      '备案编号',
      '女',
      // Nothing uploaded yet: framed placeholders where the photo and the seal go.
      '照片',
      '印章',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(w.person.caregiver.residentIdMasked);
    expect(text).not.toContain('已撤销');
    // The status is not printed: it changes, and the QR code shows it live.
    expect(text).not.toMatch(/有效 Valid|状态\s*Status/);

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

  it('prints the body’s filing number and seal and the holder’s photo once uploaded; uploads are checked by their bytes and refused to anyone else', async () => {
    const registration = await approveAssessor(w.assessorOrg.id);
    const regId = gid('AssessorRegistration', registration.id);
    const staff = await makeUser('ASSESSOR', { organisationId: w.assessorOrg.id });
    const otherBody = await makeUser('ASSESSOR', { organisationId: (await makeOrganisation(w.regions.otherCounty.id, 'ASSESSOR')).id });
    const sealPng = solidPng(120, 120);
    const photoPng = solidPng(99, 139, [120, 120, 200]);
    const b64 = (b: Buffer) => b.toString('base64');
    const SEAL = `mutation($input: UploadAssessorSealInput!) { uploadAssessorSeal(input: $input) { __typename
      ... on MutationUploadAssessorSealSuccess { data { hasSeal } }
      ... on InputValidationError { fields { path code params { name value } } } ... on Error { code } } }`;
    const FILING = `mutation($input: SetAssessorFilingInput!) { setAssessorFiling(input: $input) { __typename
      ... on MutationSetAssessorFilingSuccess { data { filingCode } }
      ... on InputValidationError { fields { path code } } ... on Error { code } } }`;
    const PHOTO = `mutation($input: UploadCaregiverPhotoInput!) { uploadCaregiverPhoto(input: $input) { __typename
      ... on MutationUploadCaregiverPhotoSuccess { data { caregiver { hasPhoto } } }
      ... on InputValidationError { fields { path code params { name value } } } ... on Error { code } } }`;

    // A JPEG is not a PNG seal (judged by its bytes, whatever its name); too large is refused before it is read.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]);
    const refusedJpeg = await gql(
      SEAL,
      { input: { registrationId: regId, fileName: 'seal.png', contentBase64: b64(jpeg) } },
      { token: staff.token },
    );
    expect(refusedJpeg.data?.uploadAssessorSeal.fields).toEqual([
      { path: ['input', 'contentBase64'], code: 'IMAGE_TYPE_NOT_ALLOWED', params: [{ name: 'allowed', value: 'png' }] },
    ]);
    const huge = Buffer.concat([sealPng, Buffer.alloc(1024 * 1024)]);
    const refusedHuge = await gql(
      SEAL,
      { input: { registrationId: regId, fileName: 'seal.png', contentBase64: b64(huge) } },
      { token: staff.token },
    );
    expect(refusedHuge.data?.uploadAssessorSeal.fields).toEqual([
      { path: ['input', 'contentBase64'], code: 'FILE_TOO_LARGE', params: [{ name: 'maxMb', value: '1' }] },
    ]);
    const badCode = await gql(FILING, { input: { registrationId: regId, filingCode: '备案 1' } }, { token: staff.token });
    expect(badCode.data?.setAssessorFiling.fields).toEqual([{ path: ['input', 'filingCode'], code: 'FILING_CODE_FORMAT' }]);
    // Only the body's own staff: another body's assessor, the holder and the employer find nothing to change.
    for (const token of [otherBody.token, w.holder.token, (await makeUser('HR_APPROVER', { regionId: w.regions.city.id })).token]) {
      const seal = await gql(SEAL, { input: { registrationId: regId, fileName: 'seal.png', contentBase64: b64(sealPng) } }, { token });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(seal.data?.uploadAssessorSeal.code);
      const filing = await gql(FILING, { input: { registrationId: regId, filingCode: 'S000036000001' } }, { token });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(filing.data?.setAssessorFiling.code);
    }
    expect(await prisma.assessorRegistration.findUniqueOrThrow({ where: { id: registration.id } })).toMatchObject({
      sealSha256: null,
      filingCode: null,
    });

    expect(
      (await gql(SEAL, { input: { registrationId: regId, fileName: 'seal.png', contentBase64: b64(sealPng) } }, { token: staff.token }))
        .data?.uploadAssessorSeal,
    ).toEqual({ __typename: 'MutationUploadAssessorSealSuccess', data: { hasSeal: true } });
    const filingCode = `S${String(randomInt(1e9)).padStart(10, '0')}`;
    expect(
      (await gql(FILING, { input: { registrationId: regId, filingCode } }, { token: staff.token })).data?.setAssessorFiling.data,
    ).toEqual({
      filingCode,
    });

    // The photo: the holder herself or her employer today; another institution finds nobody.
    const caregiverId = gid('Caregiver', w.person.caregiver.id);
    const outsider = await makeUser('INSTITUTION_STAFF', { organisationId: (await makeOrganisation(w.regions.county.id)).id });
    const refusedPhoto = await gql(
      PHOTO,
      { input: { caregiverId, fileName: 'me.png', contentBase64: b64(photoPng) } },
      { token: outsider.token },
    );
    expect(refusedPhoto.data?.uploadCaregiverPhoto.code).toBe('NOT_FOUND');
    const misnamed = await gql(
      PHOTO,
      { input: { caregiverId, fileName: 'me.jpg', contentBase64: b64(photoPng) } },
      { token: w.holder.token },
    );
    expect(misnamed.data?.uploadCaregiverPhoto.fields).toEqual([
      { path: ['input', 'fileName'], code: 'FILE_NAME_MISMATCH', params: [{ name: 'mimeType', value: 'image/png' }] },
    ]);
    const employer = await makeUser('INSTITUTION_STAFF', { organisationId: w.home.id });
    expect(
      (await gql(PHOTO, { input: { caregiverId, fileName: 'me.png', contentBase64: b64(photoPng) } }, { token: employer.token })).data
        ?.uploadCaregiverPhoto,
    ).toEqual({ __typename: 'MutationUploadCaregiverPhotoSuccess', data: { caregiver: { hasPhoto: true } } });

    const cert = await w.certificate();
    const result = await download(cert.id, w.holder.token);
    const pdf = Buffer.from(result.data.contentBase64, 'base64');
    const { text } = await pdfText(pdf);
    expect(text).toContain(filingCode);
    expect(text).toContain(w.person.residentId);
    expect(text).not.toContain('照片');
    expect(text).not.toContain('印章');
    // Both images are in the file, and the QR code still decodes to the verification page.
    expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(2);
    expect(decodeQrCode(pdf)).toBe(verificationUrl(cert.number));
  });

  it('prints the QR code to PUBLIC_VERIFY_URL, and in production refuses an address on localhost with a typed error', async () => {
    const base = { WEB_ORIGIN: 'http://localhost:5173', PUBLIC_VERIFY_URL: undefined, VERIFY_URL_ALLOW_LOCAL: false };
    expect(verificationBase({ ...base, NODE_ENV: 'development' })).toBe('http://localhost:5173/verify');
    expect(() => verificationBase({ ...base, NODE_ENV: 'production' })).toThrow(VerifyUrlNotPublicError);
    for (const local of ['http://127.0.0.1:3000/verify', 'https://localhost/verify', 'http://[::1]/verify', 'https://carecert/verify'])
      expect(() => verificationBase({ ...base, NODE_ENV: 'production', PUBLIC_VERIFY_URL: local }), local).toThrow(VerifyUrlNotPublicError);
    const publicUrl = 'https://zs.rst.example.gov.cn/verify';
    expect(verificationBase({ ...base, NODE_ENV: 'production', PUBLIC_VERIFY_URL: publicUrl })).toBe(publicUrl);
    try {
      verificationBase({ ...base, NODE_ENV: 'production' });
    } catch (error) {
      expect((error as VerifyUrlNotPublicError).code).toBe('VERIFY_URL_NOT_PUBLIC');
    }

    const pdf = await renderCertificatePdf({
      number: 'S0000360000012650000001',
      holderName: '王芳',
      gender: 'FEMALE',
      residentId: '36010219900101002X',
      levelNameZh: '五级/初级工',
      levelNameEn: 'Level 5 / Junior',
      issuerName: '测试评价机构',
      issuerFilingCode: 'S000036000001',
      issuedOn: d('2025-09-01'),
      expiresOn: null,
      status: 'VALID',
      revokedAt: null,
      photo: null,
      seal: null,
      verifyBase: publicUrl,
    });
    expect(decodeQrCode(pdf)).toBe(`${publicUrl}?number=S0000360000012650000001`);
    expect((await pdfText(pdf)).links).toContain(`${publicUrl}?number=S0000360000012650000001`);
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
