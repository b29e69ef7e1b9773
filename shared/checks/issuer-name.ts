import { normaliseIssuerName } from '#shared/domain/normalise.ts';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { Check } from './check.ts';
import { z } from 'zod';
import { reads, results, says, type SummaryCopy } from './check.ts';
import { issuerByPrintedName, normalisedNamesOf, resolveIssuer } from './context.ts';
import { isOcrSource } from './reading-policy.ts';
import { editDistance, skeleton } from './text-match.ts';

const name = 'issuer-name';
const r = results(name);

export const IssuerNameCodes = {
  REGISTERED_NAME: 'REGISTERED_NAME',
  REGISTERED_ALIAS: 'REGISTERED_ALIAS',
  IMPERSONATION: 'IMPERSONATION',
  POSSIBLE_IMPERSONATION_OCR: 'POSSIBLE_IMPERSONATION_OCR',
  UNREGISTERED_NAME_FOR_ISSUER: 'UNREGISTERED_NAME_FOR_ISSUER',
  UNKNOWN_NAME: 'UNKNOWN_NAME',
} as const;
const Codes = IssuerNameCodes;

/**
 * Edits tolerated before two normalised names stop being a "near miss":
 * 1 from 4 characters, 2 from 8. Shorter names ("SGS") only count as a
 * near miss when they are look-alikes, so that unrelated short names differ.
 */
export const nearMissBudget = (length: number): number => (length >= 8 ? 2 : length >= 4 ? 1 : 0);

export interface NearMiss {
  issuer: Issuer;
  registered: string;
  kind: 'look-alike' | 'edit-distance';
  distance: number;
}

/** The registered name or alias the printed name imitates: equal look-alike skeleton, or 1–2 edits away. */
export const findNearMiss = (printed: string, directory: readonly Issuer[]): NearMiss | undefined => {
  const key = normaliseIssuerName(printed);
  if (key === '') return undefined;
  let best: NearMiss | undefined;
  for (const issuer of directory) {
    const normalised = normalisedNamesOf(issuer);
    const names = [issuer.name, ...(issuer.nameAliases ?? [])];
    for (const [i, target] of [normalised.name, ...normalised.aliases].entries()) {
      const registered = names[i] ?? target;
      if (target === '' || target === key) continue;
      const distance = editDistance(key, target);
      if (skeleton(key) === skeleton(target)) {
        const found: NearMiss = { issuer, registered, kind: 'look-alike', distance };
        if (!best || best.kind !== 'look-alike' || distance < best.distance) best = found;
        continue;
      }
      const d = Math.min(distance, editDistance(skeleton(key), skeleton(target)));
      if (d > 0 && d <= nearMissBudget(Math.min(Array.from(key).length, Array.from(target).length))) {
        if (!best || (best.kind === 'edit-distance' && d < best.distance)) best = { issuer, registered, kind: 'edit-distance', distance: d };
      }
    }
  }
  return best;
};

const isOcr = isOcrSource;

/**
 * The printed issuer name is a registered name or alias. A near miss of a
 * registered name (look-alike characters such as Cyrillic "а", 0/O, 侧/测, or
 * one or two edits away) is impersonation: a strong FAIL. When the name came
 * from OCR, which confuses exactly such characters, it is a WARN instead.
 */
export const issuerName: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => ctx.fields.issuerName !== undefined,
  run: (ctx) => {
    const printed = ctx.fields.issuerName?.value ?? '';
    const exact = issuerByPrintedName(ctx);
    if (exact) {
      const evidence = { printed, issuerId: exact.issuer.issuerId, registered: exact.registered };
      return exact.by === 'name'
        ? r.pass(Codes.REGISTERED_NAME, `The printed name is the registered name of ${exact.issuer.issuerId}.`, evidence)
        : r.pass(Codes.REGISTERED_ALIAS, `The printed name is a registered alias of ${exact.issuer.issuerId}.`, evidence);
    }
    const miss = findNearMiss(printed, ctx.issuers.directory);
    if (miss) {
      const evidence = {
        printed,
        imitates: { issuerId: miss.issuer.issuerId, name: miss.registered },
        kind: miss.kind,
        distance: miss.distance,
      };
      return isOcr(ctx.textSource)
        ? r.warn(
            Codes.POSSIBLE_IMPERSONATION_OCR,
            `The printed name "${printed}" is a near miss of "${miss.registered}", but it was read by OCR, which may have misread it.`,
            evidence,
          )
        : r.fail(Codes.IMPERSONATION, `The printed name "${printed}" imitates the registered issuer "${miss.registered}".`, evidence);
    }
    const resolved = resolveIssuer(ctx);
    if (resolved) {
      return r.warn(
        Codes.UNREGISTERED_NAME_FOR_ISSUER,
        `The printed name "${printed}" is not a registered name of ${resolved.issuer.issuerId}, which the ${resolved.matchedBy} identifies.`,
        { printed, issuerId: resolved.issuer.issuerId, registeredNames: [resolved.issuer.name, ...(resolved.issuer.nameAliases ?? [])] },
      );
    }
    return r.warn(Codes.UNKNOWN_NAME, `The printed name "${printed}" is not a registered issuer name.`, { printed });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

/** The evidence of a near miss: the printed name and the registered one it resembles. */
const NearMissEvidence = z.object({ printed: z.string(), imitates: z.object({ issuerId: z.string(), name: z.string() }) });

export const IssuerNameCopy: SummaryCopy = {
  [Codes.IMPERSONATION]: reads(NearMissEvidence, (e) => ({
    en: `the issuer name "${e.printed}" imitates "${e.imitates.name}"`,
    zh: `机构名称"${e.printed}"仿冒"${e.imitates.name}"`,
  })),
  [Codes.POSSIBLE_IMPERSONATION_OCR]: reads(NearMissEvidence, (e) => ({
    en: `the issuer name as read resembles, but is not, "${e.imitates.name}"`,
    zh: `识别出的机构名称与"${e.imitates.name}"相近但不一致`,
  })),
  [Codes.UNREGISTERED_NAME_FOR_ISSUER]: says('the printed issuer name is not one the issuer registered', '印刷的机构名称不是该机构登记的名称'),
  [Codes.UNKNOWN_NAME]: says('the issuer name is not registered', '机构名称未登记'),
};
