// A document-reading thread of the local document pool (local/document-pool.ts):
// reads one file at a time with the local engines (PDF text layer, OCR) and
// posts the Reading back. Plain JavaScript that registers the TypeScript
// loader for this thread (hooks are per thread), like bin/certverify.js.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readDocument } = await import('../shared/services/read-document.ts');
const { shutdownSharedTesseract } = await import('../shared/text/tesseract.ts');
const ocr = workerData?.engine ? { engine: workerData.engine } : {};

parentPort.on('message', async (message) => {
  if (message.type === 'stop') {
    await shutdownSharedTesseract();
    parentPort.postMessage({ type: 'stopped' });
    return;
  }
  const { id, bytes, filename } = message;
  try {
    const reading = await readDocument(ocr, bytes, { filename });
    parentPort.postMessage({ type: 'done', id, reading });
  } catch (error) {
    parentPort.postMessage({
      type: 'failed',
      id,
      error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), code: typeof error?.code === 'string' ? error.code : undefined },
    });
  }
});
parentPort.postMessage({ type: 'ready' });
