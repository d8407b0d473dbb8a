export type RendererPreference = 'webgl' | 'webgpu' | 'canvas';

/** What the browser said when asked for a WebGL context that must not be slow. */
export interface WebglProbe {
  /** A context came back with `failIfMajorPerformanceCaveat` (the browser calls it fast). */
  fastContext: boolean;
  /** UNMASKED_RENDERER_WEBGL of any context, '' when none could be made. */
  rendererName: string;
}

export interface RendererChoice {
  preference: RendererPreference;
  /** Why, in a few words, for the screen's health report and the debug hook. */
  reason: string;
}

/** Renderers that draw WebGL on the CPU: a 1080p wall page then renders at about 1 fps. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/**
 * Picks pixi's renderer. An explicit `?renderer=` wins. Otherwise WebGL only where it is
 * hardware-accelerated; on a screen without a GPU (or with WebGL blocked), the canvas renderer
 * draws video tiles at full rate where software WebGL manages about one frame a second.
 */
export function chooseRenderer(requested: RendererPreference | undefined, probe: WebglProbe): RendererChoice {
  if (requested) return { preference: requested, reason: 'requested' };
  if (!probe.fastContext) return { preference: 'canvas', reason: probe.rendererName ? `software WebGL (${probe.rendererName})` : 'no WebGL' };
  if (SOFTWARE.test(probe.rendererName)) return { preference: 'canvas', reason: `software WebGL (${probe.rendererName})` };
  return { preference: 'webgl', reason: probe.rendererName ? `hardware WebGL (${probe.rendererName})` : 'hardware WebGL' };
}

/** Asks the browser; the probe contexts are released at once (a page gets only ~16). */
export function probeWebgl(doc: Document = document): WebglProbe {
  const ask = (caveat: boolean): WebGLRenderingContext | null => {
    try {
      const canvas = doc.createElement('canvas');
      return (canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: caveat }) ??
        canvas.getContext('webgl', { failIfMajorPerformanceCaveat: caveat })) as WebGLRenderingContext | null;
    } catch {
      return null;
    }
  };
  const fast = ask(true);
  const any = fast ?? ask(false);
  let rendererName = '';
  if (any) {
    const info = any.getExtension('WEBGL_debug_renderer_info');
    rendererName = String(any.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : any.RENDERER) ?? '');
  }
  for (const ctx of [fast, any]) ctx?.getExtension('WEBGL_lose_context')?.loseContext();
  return { fastContext: fast !== null, rendererName };
}
