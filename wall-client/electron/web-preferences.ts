/**
 * The kiosk window's webPreferences, per Electron's security checklist: the renderer gets no
 * Node, runs in the OS sandbox, and talks to the main process only through the preload's
 * contextBridge API. A test asserts this object exactly, so a loosening shows up in review.
 */
export interface KioskWebPreferences {
  nodeIntegration: false;
  contextIsolation: true;
  sandbox: true;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  preload: string;
}

export function buildWebPreferences(preload: string): KioskWebPreferences {
  return {
    nodeIntegration: false,
    contextIsolation: true,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload,
  };
}

/** Inserted into every page: a wall never shows a mouse pointer. */
export const HIDE_CURSOR_CSS = '* { cursor: none !important; }';
