import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Principal } from '#shared/domain/api-key.ts';
import { DependencyUnavailableError, DomainError, ReportAlreadyRegisteredError } from '#shared/domain/errors.ts';
import { RegisterReportInput } from '#shared/domain/report.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { parseFileArgs, stringOption, type CliIo, type Command } from './command.ts';
import { CliError, ExitCodes, UsageError } from './exit-codes.ts';
import { progressBar } from './progress.ts';

const usage = `Usage: certverify register <reports.csv|reports.ndjson> --issuer ID [--api URL] [--json]

Registers reports for an issuer in batches of ${500}, with a progress bar on
stderr, and prints row by row what was created, already there (same
content), or refused (other content under the number, or invalid).
CSV: a header row of registration field names (reportNumber, documentType,
productName, model, client, manufacturer, standards, conclusion, issueDate,
validUntil, documentSha256, fields); standards holds several codes separated
by ";", fields holds JSON. NDJSON: one registration body per line.
  --issuer   the issuer the reports belong to
  --api      a deployment's base URL; the key is read from CERTVERIFY_API_KEY.
             Without it, the local store (the engine of a running npm start,
             else ./.data).
  --json     one NDJSON line per row: { row, reportNumber, status, code? }
Exit code: 0 every row registered or already there, 65 some rows refused,
66 the file cannot be read, 69 the store or the API is unavailable.`;

export const BATCH_SIZE = 500;

/** One row's outcome, as the batch endpoint answers it (API.md). */
export interface RowResult {
  row: number;
  reportNumber?: string;
  status: 201 | 200 | 409 | 422;
  code?: string;
}

const OUTCOME: Record<RowResult['status'], string> = { 201: 'created', 200: 'already there', 409: 'refused', 422: 'refused' };

/** A CSV cell as the registration body's value: standards split on ";", fields parsed as JSON; empty cells left out. */
const bodyOfCsvRow = (row: Record<string, string>): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(row)) {
    const value = raw.trim();
    if (value === '') continue;
    if (name === 'standards') body.standards = value.split(';').map((s) => s.trim()).filter(Boolean);
    else if (name === 'fields') {
      try {
        body.fields = JSON.parse(value) as unknown;
      } catch {
        body.fields = value; // refused by validation, as its own row
      }
    } else body[name] = value;
  }
  return body;
};

/** The rows of a CSV (header row of field names) or NDJSON file, as registration bodies. */
export const readRows = (text: string, file: string): unknown[] => {
  if (/\.(nd)?jsonl?$/i.test(extname(file)) || /\.ndjson$/i.test(file)) {
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new CliError(`${file}: line ${i + 1} is not JSON`, ExitCodes.DATA_ERROR);
        }
      });
  }
  try {
    return (parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: false }) as Record<string, string>[]).map(bodyOfCsvRow);
  } catch (error) {
    throw new CliError(`${file}: not a valid CSV file: ${error instanceof Error ? error.message : String(error)}`, ExitCodes.DATA_ERROR);
  }
};

/**
 * The batch endpoint's semantics on the local store, item by item in array
 * order: 201 created, 200 the same content again, 409 other content under
 * the number, 422 invalid. (The endpoint itself is POST
 * /issuers/{issuerId}/reports/batch.)
 */
const registerLocally = async (deps: Pick<Deps, 'repos'>, issuerId: string, reports: unknown[], principal: Principal): Promise<Omit<RowResult, 'row'>[]> => {
  const { registerReport } = await import('#shared/services/registry.ts');
  const out: Omit<RowResult, 'row'>[] = [];
  for (const item of reports) {
    const parsed = RegisterReportInput.safeParse(item);
    const reportNumber = typeof (item as { reportNumber?: unknown })?.reportNumber === 'string' ? (item as { reportNumber: string }).reportNumber : undefined;
    if (!parsed.success) {
      out.push({ ...(reportNumber ? { reportNumber } : {}), status: 422, code: 'VALIDATION_FAILED' });
      continue;
    }
    try {
      const { created } = await registerReport(deps.repos as Deps['repos'], issuerId, parsed.data, principal);
      out.push({ reportNumber: parsed.data.reportNumber, status: created ? 201 : 200 });
    } catch (e) {
      if (!(e instanceof ReportAlreadyRegisteredError)) throw e;
      out.push({ reportNumber: parsed.data.reportNumber, status: 409, code: e.code });
    }
  }
  return out;
};

const registerOverHttp = async (api: string, apiKey: string, issuerId: string, reports: unknown[]): Promise<Omit<RowResult, 'row'>[]> => {
  const url = `${api.replace(/\/+$/, '')}/issuers/${encodeURIComponent(issuerId)}/reports/batch`;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ reports }) });
    } catch (error) {
      if (attempt < 3) continue;
      throw new CliError(`${url}: ${error instanceof Error ? error.message : String(error)}`, ExitCodes.UNAVAILABLE);
    }
    const text = await res.text();
    if (res.status === 200) {
      const body = JSON.parse(text) as { results: Array<{ index: number; reportNumber?: string; status: RowResult['status']; code?: string }> };
      return [...body.results].sort((a, b) => a.index - b.index).map(({ reportNumber, status, code }) => ({ ...(reportNumber ? { reportNumber } : {}), status, ...(code ? { code } : {}) }));
    }
    if ((res.status === 429 || res.status >= 500) && attempt < 3) {
      await new Promise((r) => setTimeout(r, 1000 * attempt));
      continue;
    }
    const problem = (() => {
      try {
        return JSON.parse(text) as { code?: string; detail?: string };
      } catch {
        return {};
      }
    })();
    throw new CliError(`${url}: HTTP ${res.status} ${problem.code ?? ''} ${problem.detail ?? ''}`.trim(), res.status >= 500 || res.status === 429 ? ExitCodes.UNAVAILABLE : ExitCodes.DATA_ERROR);
  }
};

const formatRow = (r: RowResult): string => `row ${r.row}  ${r.reportNumber ?? '(no number)'}  ${OUTCOME[r.status]}${r.status >= 400 ? ` (${r.status} ${r.code ?? ''})` : ''}`;

/** The CLI registers locally as an admin principal. */
const CLI_PRINCIPAL: Principal = { role: 'admin', keyId: 'cli' };

export const command: Command = {
  name: 'register',
  summary: 'register reports from a CSV or NDJSON file, in batches',
  usage,
  async run(argv: string[], io: CliIo) {
    const parsed = parseFileArgs(argv, { issuer: { type: 'string' }, api: { type: 'string' }, json: { type: 'boolean', default: false } }, usage);
    if (parsed.help) {
      io.stdout(`${usage}\n`);
      return ExitCodes.OK;
    }
    const issuerId = stringOption(parsed.values, 'issuer');
    if (!issuerId) throw new UsageError(`--issuer is required\n\n${usage}`);
    const api = stringOption(parsed.values, 'api');
    const apiKey = io.env.CERTVERIFY_API_KEY;
    if (api && !apiKey) throw new UsageError(`--api needs the key in CERTVERIFY_API_KEY\n\n${usage}`);
    const text = await readFile(parsed.file, 'utf8').catch(() => {
      throw new CliError(`cannot read ${parsed.file}`, ExitCodes.NO_INPUT);
    });
    const rows = readRows(text, parsed.file);

    const store = api ? undefined : await (await import('#local/local-store.ts')).openLocalStore(resolve(io.env.CERTVERIFY_DATA_DIR ?? '.data'), io.env);
    const progress = progressBar(io, rows.length, 'reports');
    const results: RowResult[] = [];
    try {
      for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        const batch = rows.slice(start, start + BATCH_SIZE);
        const outcomes = api && apiKey ? await registerOverHttp(api, apiKey, issuerId, batch) : await registerLocally(store?.deps as Deps, issuerId, batch, CLI_PRINCIPAL);
        outcomes.forEach((o, i) => results.push({ row: start + i + 1, ...o }));
        progress.tick(batch.length);
      }
    } catch (error) {
      if (error instanceof DependencyUnavailableError) throw new CliError(`${error.message} (${error.code})`, ExitCodes.UNAVAILABLE);
      if (error instanceof DomainError) throw new CliError(`${error.message} (${error.code})`, ExitCodes.DATA_ERROR);
      throw error;
    } finally {
      progress.finish();
      await store?.close();
    }
    for (const r of results) io.stdout(parsed.values.json ? `${JSON.stringify(r)}\n` : `${formatRow(r)}\n`);
    const refused = results.filter((r) => r.status >= 400).length;
    io.stderr(`${results.length - refused} registered or already there, ${refused} refused\n`);
    return refused > 0 ? ExitCodes.DATA_ERROR : ExitCodes.OK;
  },
};
