import { isDivisionCode } from '../../shared/gb2260/divisions.ts';

// GB 32100-2015 unified social credit code: 18 characters from this alphabet (no I, O, S, V, Z),
// the last a check character over the first 17.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new Error(`invalid USCC character at ${i + 1}`);
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Registration authorities (1st character) and the organisation types each registers (2nd character),
 * GB 32100-2015 annex: e.g. 1 机构编制 → 1 机关, 2 事业单位; 5 民政 → 1 社会团体, 2 民办非企业单位;
 * 9 市场监管（工商） → 1 企业, 2 个体工商户, 3 农民专业合作社.
 */
const AUTHORITIES: Record<string, string> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
  '2': '19', // 外交
  '3': '123459', // 司法行政: 律师事务所, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化
  '5': '1239', // 民政: 社会团体, 民办非企业单位（社会服务机构）, 基金会, 其他
  '6': '129', // 旅游
  '7': '129', // 宗教
  '8': '19', // 工会
  '9': '123', // 市场监管: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室
  N: '1239', // 农业农村: 组级、村级、乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

export type UsccProblem = {
  code: 'USCC_FORMAT' | 'USCC_CHECK_CHARACTER' | 'USCC_AUTHORITY_UNKNOWN' | 'USCC_REGION_UNKNOWN';
  params: Record<string, string>;
};

/** Why a unified social credit code is invalid, or null when it is valid. */
export function usccProblem(code: string): UsccProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return { code: 'USCC_FORMAT', params: {} };
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { code: 'USCC_CHECK_CHARACTER', params: {} };
  if (!AUTHORITIES[code[0]!]?.includes(code[1]!))
    return { code: 'USCC_AUTHORITY_UNKNOWN', params: { authority: code[0]!, type: code[1]! } };
  // Bodies registered by a central authority carry 100000 for the country as a whole.
  const division = code.slice(2, 8);
  if (division !== '100000' && !isDivisionCode(division)) return { code: 'USCC_REGION_UNKNOWN', params: { regionCode: division } };
  return null;
}

export const isValidUscc = (code: string): boolean => usccProblem(code) === null;
