import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DependencyUnavailableError, DomainError } from '#shared/domain/errors.ts';
import { FIELD_NAMES, type ExtractedFields } from '#shared/domain/verification.ts';
import type { ExtractedDocument, ExtractOptions } from '#shared/text/read-document.ts';
import { isAwsRuntime, isOcrEngineChoice, OcrEngineChoices, ocrEngineFromEnv } from '#shared/text/select-engine.ts';
import { parseFileArgs, stringOption, type CliIo, type Command } from './command.ts';
import { CliError, ExitCodes, UsageError } from './exit-codes.ts';

const usage = `Usage: certverify extract <file> [--engine auto|pdf-text|paddle|tesseract|textract] [--json]

Reads a PDF, PNG, JPEG or TIFF and prints the fields found in it.
  --engine   text source (default: OCR_ENGINE, else auto = the PDF text layer, else OCR:
             Textract on AWS, PaddleOCR here, tesseract when PaddleOCR cannot read a page)
  --json     print { fields, textSource, pages } as JSON
  --help     this text`;

/** Reads the file; a missing or unreadable file is exit 66 (EX_NOINPUT). */
export const readInputFile = async (file: string): Promise<Uint8Array> => {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new CliError(`cannot read ${file}: ${reason}`, ExitCodes.NO_INPUT);
  }
};

const formatValue = (value: unknown): string => {
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'object' && v !== null && 'scheme' in v && 'number' in v ? `${String(v.scheme)} ${String(v.number)}` : String(v))).join(', ');
  }
  if (typeof value === 'object' && value !== null) {
    if ('payload' in value) return String(value.payload);
    return JSON.stringify(value);
  }
  return String(value);
};

/** A fixed-width table; CJK characters count double so columns line up in a terminal. */
const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));
const clip = (s: string, max: number): string => (width(s) <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

export const formatFieldsTable = (file: string, extracted: Pick<ExtractedDocument, 'fields' | 'textSource' | 'document'>): string => {
  const rows: string[][] = [];
  for (const name of FIELD_NAMES) {
    const field = (extracted.fields as Record<string, ExtractedFields[keyof ExtractedFields]>)[name];
    if (!field) continue;
    const where = field.source.line ? `p${field.source.page}:${field.source.line}` : `p${field.source.page}`;
    rows.push([name, clip(formatValue(field.value), 60), field.confidence.toFixed(2), where]);
  }
  const header = ['field', 'value', 'conf', 'where'];
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  const { document } = extracted;
  return [
    `${basename(file)}: ${document.contentType}, ${document.pages} page${document.pages === 1 ? '' : 's'}, ${document.sizeBytes} bytes, text from ${extracted.textSource}`,
    `sha256 ${document.sha256}`,
    '',
    ...(rows.length
      ? [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
      : ['No fields found.']),
  ].join('\n');
};

const buildTextract = async (env: NodeJS.ProcessEnv): Promise<NonNullable<ExtractOptions['textract']>> => {
  const { notify: _notify, ...textract } = (await import('#shared/runtime/cli.ts')).cliTextract(env);
  return textract;
};

export const command: Command = {
  name: 'extract',
  summary: 'print the fields extracted from a report or certificate',
  usage,
  async run(argv: string[], io: CliIo) {
    const parsed = parseFileArgs(argv, { engine: { type: 'string' }, json: { type: 'boolean', default: false } }, usage);
    if (parsed.help) {
      io.stdout(`${usage}\n`);
      return ExitCodes.OK;
    }
    const { file } = parsed;
    const engineArg = stringOption(parsed.values, 'engine');
    if (engineArg !== undefined && !isOcrEngineChoice(engineArg)) {
      throw new UsageError(`--engine must be one of ${OcrEngineChoices.join(', ')}\n\n${usage}`);
    }
    const engine = engineArg ?? ocrEngineFromEnv(io.env);

    const bytes = await readInputFile(file);
    const { extractDocument } = await import('#shared/text/read-document.ts');
    const wantsTextract = engine === 'textract' || (engine === 'auto' && isAwsRuntime(io.env));
    let progressShown = false;
    let extracted: ExtractedDocument;
    try {
      extracted = await extractDocument(bytes, {
        engine,
        claimed: { filename: basename(file) },
        ...(wantsTextract ? { textract: await buildTextract(io.env) } : {}),
        onProgress: (e) => {
          if (e.pages < 2) return;
          progressShown = true;
          const text = `${e.stage === 'render' ? 'rendering' : `OCR (${e.engine})`} page ${e.page}/${e.pages}`;
          io.stderr(io.stderrIsTty ? `\r${text.padEnd(40)}` : `${text}\n`);
        },
      });
    } catch (error) {
      if (error instanceof DependencyUnavailableError) throw new CliError(`${error.message} (${error.code})`, ExitCodes.UNAVAILABLE);
      if (error instanceof DomainError) throw new CliError(`${file}: ${error.message} (${error.code})`, ExitCodes.DATA_ERROR);
      throw error;
    } finally {
      if (progressShown && io.stderrIsTty) io.stderr('\n');
    }
    if (parsed.values.json) {
      io.stdout(`${JSON.stringify({ fields: extracted.fields, textSource: extracted.textSource, pages: extracted.document.pages }, null, 2)}\n`);
    } else {
      io.stdout(`${formatFieldsTable(file, extracted)}\n`);
    }
    return ExitCodes.OK;
  },
};
