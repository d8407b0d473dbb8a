import type { AccessToken } from '@ioc/protocol';
import type { MediaResolver } from '../tile-pipe';

export interface TokenMediaResolverOptions {
  /**
   * A valid media token for the camera, normally from the screen's token cache (which answers
   * from memory and renews in the background during the last quarter of a token's life).
   */
  token(cameraId: string): Promise<AccessToken>;
  /** Drops the cached token after the gateway refused it. */
  invalidate(cameraId: string): void;
  /**
   * Where first URLs come from when given (the screen client's resolver, which also answers at
   * once when the controller has no gateway); built from `token` otherwise.
   */
  base?: Pick<MediaResolver, 'streamUrl'>;
}

/** `<gateway>/hls/<token>/` — everything before the camera id in a gateway HLS URL. */
const TOKEN_PREFIX = /^.*?\/hls\/[^/]+\//;

export function streamUrlOf(token: AccessToken, cameraId: string, profile: 'main' | 'sub'): string {
  return `${hlsPrefix(token)}${encodeURIComponent(cameraId)}/${profile}/index.m3u8`;
}

/** The gateway's WHEP endpoint (`POST` an SDP offer) for one camera profile. */
export function whepUrlOf(token: AccessToken, cameraId: string, profile: 'main' | 'sub'): string {
  return `${token.gatewayUrl.replace(/\/+$/, '')}/whep/${encodeURIComponent(token.token)}/${encodeURIComponent(cameraId)}/${profile}`;
}

function hlsPrefix(token: AccessToken): string {
  return `${token.gatewayUrl.replace(/\/+$/, '')}/hls/${encodeURIComponent(token.token)}/`;
}

/**
 * Gateway HLS URLs carry the access token in the path (`/hls/<token>/<camera>/<profile>/…`), and
 * hls.js keeps requesting the playlist URL it started with: without `refreshUrl` a tile would go
 * dark every token lifetime. `refreshUrl` puts the current token (and gateway) into any URL
 * under that prefix, for the player to call before each request.
 */
export function createTokenMediaResolver(opts: TokenMediaResolverOptions): MediaResolver {
  return {
    async streamUrl(cameraId, profile) {
      if (opts.base) return opts.base.streamUrl(cameraId, profile);
      return streamUrlOf(await opts.token(cameraId), cameraId, profile);
    },
    async refreshUrl(url, cameraId) {
      if (!TOKEN_PREFIX.test(url)) return url;
      const token = await opts.token(cameraId);
      return url.replace(TOKEN_PREFIX, hlsPrefix(token));
    },
    invalidate: (cameraId) => opts.invalidate(cameraId),
    async whepUrl(cameraId, profile) {
      return whepUrlOf(await opts.token(cameraId), cameraId, profile);
    },
  };
}
