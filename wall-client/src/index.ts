/**
 * The environment-agnostic screen client (no DOM, no pixi): what Node harnesses and benches
 * import. The browser renderer lives in ./renderer/main.ts and is bundled separately.
 */
export * from './core/index';
