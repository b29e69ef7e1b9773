import { signal } from './state.ts';

/** Every string the console shows, in English and Chinese. The toggle is kept in localStorage (a preference, not a secret). */
const Messages = {
  appName: ['certverify console', 'certverify 控制台'],
  language: ['中文', 'English'],
  login: ['Sign in', '登录'],
  logout: ['Sign out', '退出'],
  apiKey: ['API key', 'API 密钥'],
  keyHint: ['The key is kept for this tab only (sessionStorage) and sent as the Bearer header.', '密钥仅保存在当前标签页（sessionStorage），并作为 Bearer 请求头发送。'],
  queue: ['Review queue', '审核队列'],
  verify: ['Verify', '核验'],
  search: ['Search', '检索'],
  patterns: ['Fraud patterns', '欺诈特征'],
  issuer: ['Issuer', '出具机构'],
  admin: ['Admin', '管理'],
  open: ['Open', '待审'],
  decided: ['Decided', '已决'],
  risk: ['Risk', '风险'],
  verdict: ['Verdict', '结论'],
  finalVerdict: ['Final verdict', '最终结论'],
  reasons: ['Reasons', '原因'],
  age: ['Age', '时长'],
  reportNumber: ['Report number', '报告编号'],
  issuerId: ['Issuer id', '机构 ID'],
  sellerId: ['Seller', '卖家'],
  state: ['State', '状态'],
  filter: ['Filter', '筛选'],
  next: ['Next page', '下一页'],
  empty: ['Nothing here.', '暂无内容。'],
  loading: ['Loading…', '加载中…'],
  pages: ['Pages', '页面'],
  noBoxes: ['This engine gave no field boxes for this page; the fields are listed on the right.', '该识别引擎未提供此页的字段位置框，字段列于右侧。'],
  noDocument: ['No stored document (typed-in fields, a passport, or verified before documents were kept).', '没有存档文件（手工录入、数字护照，或在存档功能前核验）。'],
  field: ['Field', '字段'],
  printed: ['Printed', '印刷值'],
  registered: ['Registered', '登记值'],
  checks: ['Checks', '检查项'],
  evidence: ['Evidence', '证据'],
  history: ['Presentation history', '出示记录'],
  forensics: ['PDF forensics', 'PDF 取证'],
  decision: ['Decision', '审核决定'],
  reasonCode: ['Reason code', '原因代码'],
  note: ['Note', '备注'],
  addPatterns: ['Add fraud patterns from this verification', '根据本次核验添加欺诈特征'],
  submit: ['Submit', '提交'],
  audit: ['Audit trail', '审核记录'],
  reviewer: ['Reviewer', '审核人'],
  when: ['When', '时间'],
  dropFiles: ['Drop files here or choose them', '将文件拖到此处或点击选择'],
  uploading: ['Uploading', '上传中'],
  verifying: ['Verifying (reading the text, OCR if scanned)…', '核验中（读取文本，扫描件需 OCR）…'],
  done: ['Done', '完成'],
  failed: ['Failed', '失败'],
  exportCsv: ['Export CSV', '导出 CSV'],
  from: ['From', '起'],
  to: ['To', '止'],
  kind: ['Kind', '类型'],
  value: ['Value', '值'],
  severity: ['Severity', '严重度'],
  create: ['Create', '创建'],
  delete: ['Delete', '删除'],
  register: ['Register a report', '登记报告'],
  uploadCsv: ['Upload a CSV of reports', '上传报告 CSV'],
  csvHint: ['Header row with the registration fields (reportNumber, documentType, productName, issueDate, …); standards separated by ";".', '首行为登记字段名（reportNumber、documentType、productName、issueDate 等）；多个标准用“;”分隔。'],
  lookup: ['Find a report', '查找报告'],
  status: ['Status', '状态'],
  reason: ['Reason', '理由'],
  change: ['Change status', '变更状态'],
  passport: ['Passport QR code', '数字护照二维码'],
  print: ['Print', '打印'],
  passportAbsent: ['The digital passport is not available on this deployment yet.', '此部署暂未提供数字护照。'],
  issuers: ['Issuers', '出具机构'],
  accreditations: ['Accreditations', '资质'],
  statusHistory: ['Status history', '状态历史'],
  apiKeys: ['API keys', 'API 密钥'],
  role: ['Role', '角色'],
  label: ['Label', '标签'],
  shownOnce: ['Copy it now: it is shown once and only its hash is stored.', '请立即复制：密钥只显示一次，系统仅保存其哈希。'],
  save: ['Save', '保存'],
  productName: ['Product', '产品'],
  issueDate: ['Issue date', '签发日期'],
  documentType: ['Document type', '文件类型'],
  model: ['Model', '型号'],
  standards: ['Standards', '标准'],
  conclusion: ['Conclusion', '结论'],
  result: ['Result', '结果'],
  row: ['Row', '行'],
  summary: ['Summary', '摘要'],
  created: ['Created', '已创建'],
  same: ['Already registered (same content)', '已登记（内容相同）'],
  conflict: ['Conflict: other content under this number', '冲突：该编号已登记其他内容'],
  invalid: ['Invalid', '无效'],
  numberHistory: ['Number history', '编号历史'],
  openVerification: ['Open', '打开'],
  fields: ['Fields', '字段'],
  noneRegistered: ['No registered record visible to this key.', '此密钥无法查看登记记录。'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageId = keyof typeof Messages;
export type Lang = 'en' | 'zh';

const stored = (): Lang => (localStorage.getItem('certverify.lang') === 'zh' ? 'zh' : 'en');
export const lang = signal<Lang>(stored());

export const setLang = (l: Lang): void => {
  localStorage.setItem('certverify.lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  lang.set(l);
};

export const t = (id: MessageId): string => Messages[id][lang.get() === 'zh' ? 1 : 0];

/** "3 h", "2 d": the age of a queue line. */
export const age = (iso: string, now = Date.now()): string => {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const zh = lang.get() === 'zh';
  if (s < 90) return zh ? `${s} 秒` : `${s} s`;
  if (s < 5400) return zh ? `${Math.round(s / 60)} 分钟` : `${Math.round(s / 60)} min`;
  if (s < 129600) return zh ? `${Math.round(s / 3600)} 小时` : `${Math.round(s / 3600)} h`;
  return zh ? `${Math.round(s / 86400)} 天` : `${Math.round(s / 86400)} d`;
};
