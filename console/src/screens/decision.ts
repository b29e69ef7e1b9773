import { useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';
import { Card, ErrorBox, html, useAsync } from '../ui.ts';
import type { VerificationView } from './verification.ts';

/** The console's copy of the suggested codes (shared/domain/review.ts, SuggestedReasonCodes). */
const Reasons = {
  GENUINE: ['ISSUER_CONFIRMED', 'OCR_MISREAD', 'REGISTRY_LAG', 'DATA_ENTRY_ERROR'],
  FRAUDULENT: ['EDITED_DOCUMENT', 'FAKE_NUMBER', 'BORROWED_ACCREDITATION', 'ISSUER_DENIED', 'REUSED_REPORT'],
  ESCALATED: ['NEEDS_ISSUER_CONTACT', 'NEEDS_SECOND_OPINION', 'LEGAL_HOLD'],
} as const;
type Decision = keyof typeof Reasons;

interface Review {
  reviewId: string;
  decision: Decision;
  reasonCode: string;
  note?: string;
  reviewer: { keyId: string; role: string };
  createdAt: string;
  fraudPatterns?: Array<{ kind: string; id?: string; state: string }>;
}

/** GENUINE / FRAUDULENT / ESCALATED with a reason code, a note and optional fraud patterns; then the audit trail. */
export const DecisionPanel = ({ v, onDecided }: { v: VerificationView; onDecided: () => void }) => {
  const trail = useAsync(() => api<{ items: Review[] }>('GET', `/verifications/${enc(v.verificationId)}/reviews`), [v.verificationId]);
  const [decision, setDecision] = useState<Decision>(v.verdict === 'FRAUDULENT' ? 'FRAUDULENT' : 'GENUINE');
  const [reasonCode, setReasonCode] = useState<string>(Reasons[decision][0]);
  const [note, setNote] = useState('');
  const [patterns, setPatterns] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const offer = [
    ...(v.document ? [['DOCUMENT_SHA256', v.document.sha256.slice(0, 12)]] : []),
    ...(v.reportNumber ? [['REPORT_NUMBER', v.reportNumber]] : []),
    ...(v.sellerId ? [['SELLER', v.sellerId]] : []),
  ] as Array<[string, string]>;
  const choose = (d: Decision) => {
    setDecision(d);
    setReasonCode(Reasons[d][0]);
    if (d !== 'FRAUDULENT') setPatterns([]);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/verifications/${enc(v.verificationId)}/reviews`, {
        decision,
        reasonCode,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(patterns.length > 0 ? { addFraudPatterns: patterns } : {}),
      });
      setNote('');
      setPatterns([]);
      trail.reload();
      onDecided();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<${Card} title=${t('decision')} id="decision">
    <form onSubmit=${submit} class="decision">
      <div class="segmented" role="radiogroup">
        ${(Object.keys(Reasons) as Decision[]).map(
          (d) => html`<label class=${`seg ${decision === d ? 'active' : ''} d-${d}`}><input type="radio" name="decision" value=${d} id=${`decision-${d}`} checked=${decision === d} onChange=${() => choose(d)} />${d}</label>`,
        )}
      </div>
      <label>${t('reasonCode')}
        <select id="reason-code" value=${reasonCode} onChange=${(e: Event) => setReasonCode((e.target as HTMLSelectElement).value)}>
          ${Reasons[decision].map((r) => html`<option value=${r}>${r}</option>`)}
        </select>
      </label>
      <label>${t('note')}<textarea id="review-note" rows="2" maxlength="2000" value=${note} onInput=${(e: Event) => setNote((e.target as HTMLTextAreaElement).value)}></textarea></label>
      ${decision === 'FRAUDULENT' && offer.length > 0
        ? html`<fieldset><legend>${t('addPatterns')}</legend>
            ${offer.map(
              ([kind, value]) => html`<label class="check"><input type="checkbox" id=${`pattern-${kind}`} checked=${patterns.includes(kind)}
                onChange=${(e: Event) => setPatterns((e.target as HTMLInputElement).checked ? [...patterns, kind] : patterns.filter((p) => p !== kind))} />
                ${kind} <code>${value}</code></label>`,
            )}
          </fieldset>`
        : null}
      <button type="submit" id="submit-review" disabled=${busy}>${t('submit')}</button>
      <${ErrorBox} error=${error} />
    </form>
    <h3>${t('audit')}</h3>
    <${ErrorBox} error=${trail.error} />
    <ol class="audit" id="audit-trail">
      ${(trail.data?.items ?? []).map(
        (r) => html`<li data-review=${r.reviewId}>
          <strong class=${`d-${r.decision}`}>${r.decision}</strong> <code>${r.reasonCode}</code>
          <span class="muted small">${r.createdAt.replace('T', ' ').slice(0, 19)} · ${r.reviewer.role} ${r.reviewer.keyId}</span>
          ${r.note ? html`<div>${r.note}</div>` : null}
          ${r.fraudPatterns?.length ? html`<div class="small">${r.fraudPatterns.map((p) => html`<span class="tag">${p.kind} ${p.state}</span> `)}</div>` : null}
        </li>`,
      )}
    </ol>
  <//>`;
};
