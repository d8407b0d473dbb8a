import type { StreamState } from '@ioc/protocol';

/** The gateway's reason, in small text under "signal lost" (the headline is bilingual already). */
export function streamDownText(state: StreamState, lang: 'vi' | 'en'): string {
  if (state === 'offline') return lang === 'vi' ? 'mất kết nối camera' : 'camera offline';
  if (state === 'stalled') return lang === 'vi' ? 'camera ngừng gửi hình' : 'camera stalled';
  return '';
}

export function connectingText(lang: 'vi' | 'en'): string {
  return lang === 'vi' ? 'đang kết nối…' : 'connecting…';
}
