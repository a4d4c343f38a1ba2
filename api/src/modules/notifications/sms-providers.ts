import { createHash, createHmac } from 'node:crypto';
import { SmsSendFailedError } from './notifications.errors.ts';

/** One message as SMS providers in China take it: a pre-approved template and its positional parameters. */
export type SmsOutgoing = { phone: string; templateId: string; params: string[] };

export interface SmsProvider {
  readonly name: string;
  /** Sends the message; answers the provider's reference, or throws SmsSendFailedError. */
  send(message: SmsOutgoing): Promise<{ ref: string }>;
}

/**
 * Development and tests: sends nothing. The SmsMessage row the caller writes is the record, shown on
 * the admin's SMS log screen and read by the tests.
 */
export const devSmsProvider: SmsProvider = {
  name: 'dev',
  send: async () => ({ ref: `dev-${Date.now().toString(36)}` }),
};

export type TencentSmsConfig = {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  region: string;
  /** Our template names to the ids approved in the Tencent console, e.g. { ENROLMENT_PROMOTED: '1234567' }. */
  templates: Record<string, string>;
  endpoint?: string;
  fetch?: typeof fetch;
};

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/**
 * Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256): a canonical request of the POST with the JSON
 * body's hash, signed with a key derived from the secret key, the UTC date and the service.
 */
export function tc3Authorization(
  cfg: { secretId: string; secretKey: string },
  host: string,
  body: string,
  timestamp: number,
  service = 'sms',
) {
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:application/json; charset=utf-8\nhost:${host}\n`,
    signedHeaders,
    sha256hex(body),
  ].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), scope, sha256hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${cfg.secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${cfg.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Tencent Cloud SMS (SendSms, API version 2021-01-11). Never called in tests. */
export function tencentSmsProvider(cfg: TencentSmsConfig): SmsProvider {
  const endpoint = cfg.endpoint ?? 'https://sms.tencentcloudapi.com';
  const host = new URL(endpoint).host;
  const doFetch = cfg.fetch ?? fetch;
  return {
    name: 'tencent',
    async send(message) {
      const templateId = cfg.templates[message.templateId];
      if (!templateId) throw new SmsSendFailedError(`NO_TEMPLATE_${message.templateId}`);
      const body = JSON.stringify({
        PhoneNumberSet: [`+86${message.phone}`],
        SmsSdkAppId: cfg.sdkAppId,
        SignName: cfg.signName,
        TemplateId: templateId,
        TemplateParamSet: message.params,
      });
      const timestamp = Math.floor(Date.now() / 1000);
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: {
            Authorization: tc3Authorization(cfg, host, body, timestamp),
            'Content-Type': 'application/json; charset=utf-8',
            Host: host,
            'X-TC-Action': 'SendSms',
            'X-TC-Version': '2021-01-11',
            'X-TC-Timestamp': String(timestamp),
            'X-TC-Region': cfg.region,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        throw new SmsSendFailedError('NETWORK');
      }
      const json = (await response.json().catch(() => null)) as {
        Response?: { Error?: { Code: string }; SendStatusSet?: { Code: string; SerialNo: string }[] };
      } | null;
      const error = json?.Response?.Error?.Code;
      if (!response.ok || error) throw new SmsSendFailedError(error ?? `HTTP_${response.status}`);
      const status = json?.Response?.SendStatusSet?.[0];
      if (!status || status.Code !== 'Ok') throw new SmsSendFailedError(status?.Code ?? 'NO_STATUS');
      return { ref: status.SerialNo };
    },
  };
}

/** The provider this process uses: Tencent when SMS_PROVIDER=tencent (with its TENCENT_SMS_* settings), else the development one. */
export function smsProviderFromEnv(e: NodeJS.ProcessEnv = process.env): SmsProvider {
  if (e.SMS_PROVIDER !== 'tencent') return devSmsProvider;
  const need = (k: string) => {
    const v = e[k];
    if (!v) throw new Error(`SMS_PROVIDER=tencent needs ${k}`);
    return v;
  };
  const templates = Object.fromEntries(
    need('TENCENT_SMS_TEMPLATES')
      .split(',')
      .map((pair) => pair.split('=').map((s) => s.trim()) as [string, string]),
  );
  return tencentSmsProvider({
    secretId: need('TENCENT_SMS_SECRET_ID'),
    secretKey: need('TENCENT_SMS_SECRET_KEY'),
    sdkAppId: need('TENCENT_SMS_SDK_APP_ID'),
    signName: need('TENCENT_SMS_SIGN_NAME'),
    region: e.TENCENT_SMS_REGION ?? 'ap-guangzhou',
    templates,
  });
}
