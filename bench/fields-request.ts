import { EXAMPLES } from '../scripts/documents/examples.ts';

const genuine = EXAMPLES.find((e) => e.id === 'genuine');
if (!genuine) throw new Error('no genuine example');

/** The JSON body of a fields-only POST /verifications for the demo lab's genuine report, as the benchmarks send it. */
export const genuineFieldsBody = (sellerId: string): string =>
  JSON.stringify({
    fields: {
      reportNumber: 'MJ2025-000127',
      issuerName: genuine.doc.issuer.name,
      accreditationNumbers: genuine.doc.issuer.accreditations.map((a) => `${a.scheme} ${a.number}`),
      productName: genuine.doc.fields.productName,
      model: genuine.doc.fields.model,
      issueDate: genuine.doc.fields.issueDate,
    },
    sellerId,
  });
