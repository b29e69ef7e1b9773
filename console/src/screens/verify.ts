import { useEffect, useState } from 'preact/hooks';
import { api, postForm } from '../api.ts';
import { t } from '../i18n.ts';
import { Card, html, problemText, Risk, Verdict } from '../ui.ts';

interface Job {
  name: string;
  size: number;
  phase: 'queued' | 'uploading' | 'verifying' | 'done' | 'failed';
  progress: number;
  startedAt?: number;
  result?: { verificationId: string; verdict?: string; riskScore?: number; status?: string };
  error?: string;
}

/** Files over this go through POST /uploads (Lambda's 6 MB request cap is ~4.5 MB of file). */
const DIRECT_MAX_BYTES = 4 * 1024 * 1024;
const CONCURRENCY = 2;

const verifyLarge = async (file: File, update: (j: Partial<Job>) => void) => {
  const { uploadUrl, verificationId } = await api<{ uploadUrl: string; verificationId: string }>('POST', '/uploads', { filename: file.name });
  await new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', uploadUrl);
    xhr.upload.onprogress = (e) => e.lengthComputable && update({ progress: e.loaded / e.total });
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`upload ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.send(file);
  });
  update({ phase: 'verifying' });
  for (;;) {
    const v = await api<Job['result'] & { problem?: { code: string } }>('GET', `/verifications/${verificationId}`);
    if (v?.status === 'REJECTED') throw new Error(v.problem?.code ?? 'REJECTED');
    if (v && v.status !== 'PENDING') return v;
    await new Promise((r) => setTimeout(r, 1000));
  }
};

/** Drop one or several files; each is uploaded and verified, with its progress, two at a time. */
export const VerifyScreen = () => {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [over, setOver] = useState(false);
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, []);

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const list = [...files];
    const start = jobs.length;
    setJobs((js) => [...js, ...list.map((f): Job => ({ name: f.name, size: f.size, phase: 'queued', progress: 0 }))]);
    const update = (i: number) => (patch: Partial<Job>) => setJobs((js) => js.map((j, k) => (k === start + i ? { ...j, ...patch } : j)));
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const i = next++;
        const file = list[i] as File;
        const set = update(i);
        set({ phase: 'uploading', startedAt: Date.now() });
        try {
          const result =
            file.size > DIRECT_MAX_BYTES
              ? await verifyLarge(file, set)
              : await (() => {
                  const form = new FormData();
                  form.set('file', file, file.name);
                  return postForm<Job['result']>('/verifications', form, (p) => set({ progress: p, ...(p >= 1 ? { phase: 'verifying' } : {}) }));
                })();
          set({ phase: 'done', progress: 1, ...(result ? { result } : {}) });
        } catch (e) {
          set({ phase: 'failed', error: problemText(e) });
        }
      }
    };
    void Promise.all(Array.from({ length: Math.min(CONCURRENCY, list.length) }, worker));
  };

  return html`<${Card} title=${t('verify')}>
    <label class=${`dropzone ${over ? 'over' : ''}`}
      onDragOver=${(e: DragEvent) => { e.preventDefault(); setOver(true); }}
      onDragLeave=${() => setOver(false)}
      onDrop=${(e: DragEvent) => { e.preventDefault(); setOver(false); add(e.dataTransfer?.files ?? null); }}>
      <input type="file" id="verify-files" multiple accept="application/pdf,image/png,image/jpeg,image/tiff,image/webp" onChange=${(e: Event) => add((e.target as HTMLInputElement).files)} />
      <span>${t('dropFiles')}</span>
    </label>
    <ul class="jobs" id="verify-jobs">
      ${jobs.map(
        (j) => html`<li class=${`job ${j.phase}`} data-file=${j.name}>
          <div class="job-head"><strong>${j.name}</strong> <span class="muted small">${Math.round(j.size / 1024)} KB</span></div>
          ${j.phase === 'uploading' || j.phase === 'verifying' || j.phase === 'queued'
            ? html`<progress max="1" value=${j.phase === 'verifying' ? undefined : j.progress}></progress>
                <span class="muted small">${j.phase === 'verifying' ? `${t('verifying')} ${Math.round((Date.now() - (j.startedAt ?? Date.now())) / 1000)} s` : j.phase === 'uploading' ? `${t('uploading')} ${Math.round(j.progress * 100)}%` : ''}</span>`
            : null}
          ${j.phase === 'done' && j.result
            ? html`<div><${Verdict} value=${j.result.verdict} /> ${j.result.riskScore !== undefined ? html`<${Risk} value=${j.result.riskScore} />` : null}
                <a href=${`#/verifications/${j.result.verificationId}`}>${j.result.verificationId}</a></div>`
            : null}
          ${j.phase === 'failed' ? html`<p class="error">${t('failed')}: ${j.error}</p>` : null}
        </li>`,
      )}
    </ul>
  <//>`;
};
