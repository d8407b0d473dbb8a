import type { EscalationOverlay } from '@ioc/protocol';

type Lang = 'vi' | 'en';

const WORDS = {
  en: { by: 'escalated by', waiting: 'AWAITING ACKNOWLEDGEMENT', acked: 'Acknowledged', queue: 'Queue', minutes: 'min' },
  vi: { by: 'chuyển bởi', waiting: 'CHỜ XÁC NHẬN', acked: 'Đã xác nhận', queue: 'Hàng đợi', minutes: 'phút' },
} as const;

/** 0:42, 12:05, 1:02:09: the time since the escalation, on the controller's clock. */
export function formatSince(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** The banner's lines for the top escalation. */
export function headline(e: EscalationOverlay, now: number, lang: Lang) {
  const w = WORDS[lang];
  return {
    title: `P${e.priority} · ${e.cameraName}`,
    reason: e.reason,
    meta: `${w.by} ${e.createdBy} · ${formatSince(now - e.createdAt)} · ${e.acknowledged ? w.acked : w.waiting}`,
  };
}

/** The queue strip: the escalations waiting behind the top one. */
export function queueLine(waiting: readonly EscalationOverlay[], now: number, lang: Lang): string {
  if (waiting.length === 0) return '';
  const w = WORDS[lang];
  const items = waiting.map((e) => `P${e.priority} ${e.cameraName} — ${e.reason} · ${Math.floor(Math.max(0, now - e.createdAt) / 60_000)} ${w.minutes}`);
  return `${w.queue} (${waiting.length}): ${items.join('   |   ')}`;
}

/** Frame opacity: a slow 2 s breath while unacknowledged (no strobe), steady once acknowledged. */
export function frameAlpha(acknowledged: boolean, now: number): number {
  if (acknowledged) return 1;
  return 0.4 + 0.6 * (0.5 + 0.5 * Math.cos((2 * Math.PI * (now % 2000)) / 2000));
}
