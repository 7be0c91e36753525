import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

import { CopyButton } from '@/components/ui/copy-button';
import {
  flowthroughJsonExample as jsonExample,
  flowthroughXmlExample as xmlExample,
} from '@/lib/provisioning/contract-examples';

import { cellClasses, headClasses, tableClasses } from './schema-fields';

const requestExample = `POST {APP_BASE_URL}/api/provisioning/{provisioningId}
Authorization: Basic base64(provisioning account ":" provisioning password)
Content-Type: application/json | application/xml | text/xml`;

const errorShape = '{"message", "errors": [{"description"}], "trackingId"}';

/** The fields of the body and the message key of each rule. */
const fieldRules: [string[], string][] = [
  [['operation'], 'operation'],
  [['sequence'], 'sequence'],
  [['user.userId'], 'userId'],
  [['user.serviceProviderId', 'user.enterpriseId'], 'enterprise'],
  [['user.groupId'], 'groupId'],
  [['user.enterpriseName'], 'enterpriseName'],
  [['user.firstName', 'user.lastName'], 'names'],
  [['user.email'], 'email'],
  [['user.primaryPhoneNumber', 'user.mobilePhoneNumber'], 'numbers'],
  [['user.extension', 'user.language', 'user.timeZone'], 'optional'],
];

/** The answers and the message key of when each is given. */
const answers: [string, string][] = [
  ['202 {"status": "accepted", "subscriberId", "trackingId"}', 'accepted'],
  ['202 {"status": "ignored", ...}', 'ignored'],
  ['204', 'deleted'],
  ['400', 'badRequest'],
  ['401 + WWW-Authenticate: Basic', 'unauthorized'],
  ['403, errorCode: flowthrough_disabled', 'disabled'],
  ['404, errorCode: user_not_found', 'userNotFound'],
  ['409, errorCode: user_id_taken', 'userIdTaken'],
  ['413, 415', 'tooLarge'],
  ['429 + Retry-After', 'rateLimited'],
  ['503 + Retry-After', 'unavailable'],
];

const backgroundErrorCodes = [
  'email_domain_taken',
  'customer_org_missing',
  'customer_org_failed',
  'provisioning_failed',
  'worker_lost',
];

function CodeBlock({
  code,
  copyLabel,
  testId,
}: {
  code: string;
  copyLabel?: string;
  testId?: string;
}) {
  return (
    <div className="relative">
      <pre
        data-testid={testId}
        className="overflow-x-auto rounded-md border border-line bg-canvas px-4 py-3 font-mono text-xs leading-relaxed"
      >
        {code}
      </pre>
      {copyLabel ? (
        <div className="absolute top-2 right-2">
          <CopyButton value={code} label={copyLabel} />
        </div>
      ) : null}
    </div>
  );
}

/** A two-column table of the contract: what is named on the left, what it means on the right. */
function ContractTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: [string, string];
  rows: { key: string; name: ReactNode; meaning: ReactNode }[];
}) {
  return (
    <div className="overflow-x-auto rounded-md border border-line">
      <table className={tableClasses}>
        <caption className="sr-only">{caption}</caption>
        <thead className={headClasses}>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={cellClasses}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" className={`${cellClasses} font-normal`}>
                {row.name}
              </th>
              <td className={cellClasses}>{row.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const code = (chunks: ReactNode) => <code className="font-mono text-[0.9em]">{chunks}</code>;
const em = (chunks: ReactNode) => <em>{chunks}</em>;

/** How BroadWorks calls a template's provisioning URL, and what it gets back. */
export async function FlowthroughContract() {
  const t = await getTranslations('apiReference.flowthrough');

  return (
    <section
      id="flowthrough"
      aria-labelledby="flowthrough-title"
      className="scroll-mt-6 space-y-4 rounded-lg border border-line bg-white px-5 py-4 text-sm"
    >
      <h2 id="flowthrough-title" className="text-lg font-semibold">
        {t('title')}
      </h2>
      <p>{t.rich('intro', { code })}</p>
      <CodeBlock code={requestExample} />
      <p>{t('credentials')}</p>

      <h3 className="pt-2 text-base font-semibold">{t('bodyTitle')}</h3>
      <p>{t('jsonIntro')}</p>
      <CodeBlock code={jsonExample} copyLabel={t('copyJson')} testId="flowthrough-json" />
      <p>{t.rich('xmlIntro', { code })}</p>
      <CodeBlock code={xmlExample} copyLabel={t('copyXml')} testId="flowthrough-xml" />

      <ContractTable
        caption={t('fieldsCaption')}
        columns={[t('fieldColumn'), t('ruleColumn')]}
        rows={fieldRules.map(([fields, rule]) => ({
          key: rule,
          name: fields.map((field) => (
            <code key={field} className="block font-mono text-xs font-semibold">
              {field}
            </code>
          )),
          meaning: t.rich(`rules.${rule}`, { code }),
        }))}
      />
      <p>{t.rich('bodyLimits', { code })}</p>

      <h3 className="pt-2 text-base font-semibold">{t('answersTitle')}</h3>
      <ContractTable
        caption={t('answersCaption')}
        columns={[t('statusColumn'), t('whenColumn')]}
        rows={answers.map(([status, when]) => ({
          key: when,
          name: <code className="font-mono text-xs">{status}</code>,
          meaning: t.rich(`answers.${when}`, { code }),
        }))}
      />
      <p>
        {t('errorShape')} <code className="font-mono text-xs">{errorShape}</code>
      </p>

      <h3 className="pt-2 text-base font-semibold">{t('nextTitle')}</h3>
      <p>{t.rich('next', { code, em })}</p>
      <p>{t.rich('modify', { code })}</p>
      <p>{t.rich('errorsIntro', { code })}</p>
      <ContractTable
        caption={t('errorsCaption')}
        columns={[t('codeColumn'), t('causeColumn')]}
        rows={backgroundErrorCodes.map((errorCode) => ({
          key: errorCode,
          name: <code className="font-mono text-xs">{errorCode}</code>,
          meaning: t(`backgroundErrors.${errorCode}`),
        }))}
      />
    </section>
  );
}
