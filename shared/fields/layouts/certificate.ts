/**
 * Certificate wording: the holder after "This is to certify that", the scope after "for the
 * following scope". The spaces between the words are optional: OCR of a photo drops some
 * ("This is tocertify that", "for the followingscope:").
 */
import { at, type Collector, MatchMethods } from '../collector.ts';
import { below, type ParsedLine } from '../lines.ts';
import { cleanValue } from '../normalisers.ts';
import { readWithContinuation, text } from '../values.ts';
import { ORG_NAME } from './cover-page.ts';

const CERTIFY = /(?:this\s*is\s*to\s*certify\s*that|this\s*certifies\s*that|兹\s*证\s*明|特\s*此\s*证\s*明)(?:\s*the\s*(?:quality\s*|environmental\s*)?management\s*system\s*of)?\s*[:：,，]?\s*(.*)$/iu;
/** The sentence after the holder's name ("… has been assessed", "建立的质量管理体系符合…"). */
const AFTER_HOLDER = /^(?:has\s*been\s*assessed|建\s*立\s*的|的?\s*质\s*量\s*管\s*理\s*体\s*系\s*符\s*合)/iu;
const SCOPE_PHRASE = /(?:for|with|in)\s*the\s*following\s*(?:scope|activities|products|field)(?:\s*of\s+\w+)?\s*[:：]?\s*(.*)$/iu;

/** Certificate wording: the holder after "This is to certify that", the scope after "for the following scope". */
export const certificatePhrases = (pages: ParsedLine[][], out: Collector): void => {
  for (const page of pages) {
    for (const l of page) {
      const holder = CERTIFY.exec(l.text);
      if (holder) {
        const rest = cleanValue(holder[1] ?? '');
        if (rest.length > 0 && !/^(?:the|本|该)/iu.test(rest)) {
          out.add('certificateHolder', text(rest, 500), l.confidence * MatchMethods.PATTERN, at([l]));
        } else {
          const next = below(l, page);
          if (next && next.labels.length === 0) {
            out.add('certificateHolder', text(next.text, 500), next.confidence * MatchMethods.PATTERN, at([next]));
          }
        }
      }
      if (AFTER_HOLDER.test(l.text)) {
        // The holder is the organisation-like line just above (an address may sit between).
        const above = page
          .filter((o) => o.line < l.line && o.line >= l.line - 3 && o.labels.length === 0)
          .reverse()
          .find((o) => ORG_NAME.test(cleanValue(o.text)));
        if (above) out.add('certificateHolder', text(above.text, 500), above.confidence * MatchMethods.PATTERN * 0.95, at([above]));
      }
      const scope = SCOPE_PHRASE.exec(l.text);
      if (scope) {
        const rest = cleanValue(scope[1] ?? '');
        const anchor = rest.length > 0 ? l : below(l, page);
        if (anchor && (rest.length > 0 || anchor.labels.length === 0)) {
          const read = readWithContinuation('certificationScope', rest.length > 0 ? rest : anchor.text, anchor, page);
          out.add('certificationScope', read.value, anchor.confidence * MatchMethods.PATTERN, at([anchor, ...read.lines]));
        }
      }
    }
  }
};

