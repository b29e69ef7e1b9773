/** How a field's box is coloured: the worst status of the checks that judge that field. */
export interface Check {
  name: string;
  status: 'PASS' | 'FAIL' | 'WARN' | 'SKIPPED' | 'ERROR';
  code: string;
  message: string;
  evidence?: unknown;
}

export interface Field {
  value: unknown;
  confidence: number;
  source: { page: number; line?: number; box?: { left: number; top: number; width: number; height: number } };
}

const FieldChecks: Record<string, readonly string[]> = {
  reportNumber: ['report-registered', 'report-number-pattern', 'reuse', 'fraud-patterns'],
  issuerName: ['issuer-name', 'issuer-known'],
  accreditationNumbers: ['accreditation-matches-issuer', 'accreditation-valid-at-issue', 'accreditation-scope'],
  issueDate: ['dates-plausible', 'validity'],
  validUntil: ['validity', 'dates-plausible'],
  sampleReceivedDate: ['dates-plausible'],
  qr: ['qr-code'],
  productName: ['claimed-product', 'accreditation-scope'],
};

const rank = { FAIL: 4, ERROR: 3, WARN: 2, PASS: 1, SKIPPED: 0 } as const;

/** Every `{ field, printed?, registered? }` object anywhere in a check's evidence. */
export const fieldDiffs = (evidence: unknown): Array<{ field: string; printed?: unknown; registered?: unknown }> => {
  const out: Array<{ field: string; printed?: unknown; registered?: unknown }> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (typeof o.field === 'string') out.push({ field: o.field, ...('printed' in o ? { printed: o.printed } : {}), ...('registered' in o ? { registered: o.registered } : {}) });
    Object.values(o).forEach((x) => walk(x, depth + 1));
  };
  walk(evidence, 0);
  return out;
};

export const fieldStatus = (name: string, checks: readonly Check[]): Check['status'] | undefined => {
  let worst: Check['status'] | undefined;
  const consider = (s: Check['status']) => {
    if (s !== 'SKIPPED' && (worst === undefined || rank[s] > rank[worst])) worst = s;
  };
  for (const c of checks) {
    if (c.name === 'fields-match') {
      if (fieldDiffs(c.evidence).some((d) => d.field === name)) consider(c.status);
      else if (c.status === 'PASS' && Array.isArray((c.evidence as { compared?: unknown })?.compared) && (c.evidence as { compared: string[] }).compared.includes(name)) consider('PASS');
    } else if (FieldChecks[name]?.includes(c.name)) {
      consider(c.status);
    }
  }
  return worst;
};
