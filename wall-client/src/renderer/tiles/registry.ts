import type { SourceKind } from '@ioc/protocol';
import type { TilePipe } from '../tile-pipe';

/**
 * The tile-kind map. Each kind registers one pipe from its own module (see ./index.ts);
 * the scene looks pipes up here and never switches on `kind`.
 */
const pipes = new Map<SourceKind, TilePipe>();

export function registerPipe<K extends SourceKind>(pipe: TilePipe<K>): void {
  pipes.set(pipe.kind, pipe as unknown as TilePipe);
}

export function pipeFor(kind: SourceKind): TilePipe | undefined {
  return pipes.get(kind);
}

export function registeredKinds(): SourceKind[] {
  return [...pipes.keys()];
}
