/**
 * What a document printed, normalised as the API reports it: the ground
 * truth a composed layout carries, and the printed forms of dates.
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { DateStyle, DocumentDescription, GroundTruth } from './types.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The printed form of a date and the ISO value a reader can recover from it (none when ambiguous). */
export const formatDate = (value: string, style: DateStyle): { text: string; iso?: string } => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = new Date(`${value}T00:00:00Z`).getTime();
  const real = m !== null && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  if (!m || !real) return { text: value };
  const [y, mo, d] = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
  const month = MONTHS[Number(mo) - 1] ?? mo;
  switch (style) {
    case 'iso':
      return { text: value, iso: value };
    case 'dot':
      return { text: `${y}.${mo}.${d}`, iso: value };
    case 'zh':
      return { text: `${y}年${Number(mo)}月${Number(d)}日`, iso: value };
    case 'en-dmy':
      return { text: `${Number(d)} ${month} ${y}`, iso: value };
    case 'en-mdy':
      return { text: `${month} ${Number(d)}, ${y}`, iso: value };
    case 'slash':
      return { text: `${y}/${mo}/${d}`, iso: value };
    case 'en-dmy-short':
      return { text: `${Number(d)} ${month.slice(0, 3)} ${y}`, iso: value };
    case 'dmy-dot':
      return { text: `${d}.${mo}.${y}`, iso: value };
    case 'us': {
      const ambiguous = Number(d) <= 12 && d !== mo;
      return ambiguous ? { text: `${mo}/${d}/${y}` } : { text: `${mo}/${d}/${y}`, iso: value };
    }
  }
};

/** Records printed values, normalised as the API reports them. */
export class Printed {
  readonly truth: Partial<GroundTruth> = {};
  constructor(private readonly doc: DocumentDescription) {}

  text<K extends 'reportNumber' | 'issuerName' | 'productName' | 'model' | 'client' | 'manufacturer' | 'certificateHolder' | 'certificationScope' | 'gemIdentification' | 'conclusion'>(
    field: K,
    value: string,
  ): string {
    this.truth[field] = normaliseText(value);
    return value;
  }

  date(field: 'issueDate' | 'sampleReceivedDate' | 'validUntil', value: string): string {
    const { text, iso } = formatDate(value, this.doc.dateStyle ?? (this.doc.language === 'zh' ? 'zh' : 'en-dmy'));
    if (iso) this.truth[field] = iso;
    return text;
  }

  standards(codes: string[]): string[] {
    this.truth.standards = codes.map((c) => normaliseText(c));
    return codes;
  }
}
