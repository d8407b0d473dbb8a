import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A FAKE ONVIF camera: a SOAP-over-HTTP endpoint on 127.0.0.1 that answers the Profile S calls
 * the gateway makes, with XML shaped like a Hikvision DS-2DE PTZ dome's. It checks the
 * WS-Security UsernameToken digest like a real device (wrong password -> ter:NotAuthorized)
 * and records PTZ calls so tests can assert what reached the "camera".
 */
export interface FakeOnvifOptions {
  username?: string;
  password?: string;
  /** Some firmwares put `user:pass@` into the URIs they hand out; the client must strip it. */
  embedCredentialsInUris?: boolean;
  /** Host:port written into the RTSP URIs. */
  rtspHost?: string;
}

export type PtzCall =
  | { op: 'ContinuousMove'; profileToken: string; x: number; y: number; zoom: number; timeout: string | null }
  | { op: 'Stop'; profileToken: string; panTilt: boolean; zoom: boolean }
  | { op: 'GotoPreset'; profileToken: string; presetToken: string };

export interface FakeOnvifDevice {
  /** `127.0.0.1:port` */
  address: string;
  port: number;
  ptzCalls: PtzCall[];
  /** SOAP actions received, in order (for asserting what was asked). */
  actions: string[];
  /** Requests rejected for bad credentials. */
  authFailures: number;
  close(): Promise<void>;
}

const NS =
  'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" ' +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" ' +
  'xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope ${NS}><SOAP-ENV:Header></SOAP-ENV:Header><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

const notAuthorized = envelope(
  '<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value><SOAP-ENV:Subcode>' +
    '<SOAP-ENV:Value>ter:NotAuthorized</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code>' +
    '<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">Sender not Authorized</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>',
);

const actionNotSupported = (name: string) =>
  envelope(
    '<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Receiver</SOAP-ENV:Value><SOAP-ENV:Subcode>' +
      '<SOAP-ENV:Value>ter:ActionNotSupported</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code>' +
      `<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">${name} not supported</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>`,
  );

const PROFILES = [
  { token: 'Profile_1', name: 'mainStream', w: 1920, h: 1080, fps: 25, kbps: 4096, channel: 101 },
  { token: 'Profile_2', name: 'subStream', w: 640, h: 360, fps: 25, kbps: 512, channel: 102 },
];

const PRESETS = [
  { token: '1', name: 'Nga tu Phan Boi Chau' },
  { token: '2', name: 'Cong chinh' },
];

export async function startFakeOnvifDevice(opts: FakeOnvifOptions = {}): Promise<FakeOnvifDevice> {
  const username = opts.username ?? 'admin';
  const password = opts.password ?? 'Cam3ra!pass';
  const ptzCalls: PtzCall[] = [];
  const actions: string[] = [];
  let authFailures = 0;
  let port = 0;

  const base = () => `http://127.0.0.1:${port}`;
  const rtspHost = () => opts.rtspHost ?? '127.0.0.1:554';
  const userinfo = () => (opts.embedCredentialsInUris ? `${encodeURIComponent(username)}:${encodeURIComponent(password)}@` : '');

  const authorized = (xml: string): boolean => {
    const user = tag(xml, 'Username');
    const digest = tag(xml, 'Password');
    const nonce = tag(xml, 'Nonce');
    const created = tag(xml, 'Created');
    if (user === null || digest === null || nonce === null || created === null) return false;
    const expected = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
      .digest('base64');
    return user === username && expected === digest;
  };

  const profileXml = (p: (typeof PROFILES)[number]) =>
    `<trt:Profiles token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="VideoSourceToken"><tt:Name>VideoSourceConfig</tt:Name><tt:UseCount>2</tt:UseCount>` +
    `<tt:SourceToken>VideoSource_1</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"></tt:Bounds></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="VideoEncoderToken_${p.channel % 100}"><tt:Name>VideoEncoder_${p.channel % 100}</tt:Name>` +
    `<tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>${p.w}</tt:Width><tt:Height>${p.h}</tt:Height></tt:Resolution>` +
    `<tt:Quality>3.000000</tt:Quality><tt:RateControl><tt:FrameRateLimit>${p.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
    `<tt:BitrateLimit>${p.kbps}</tt:BitrateLimit></tt:RateControl><tt:H264><tt:GovLength>50</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>` +
    `<tt:SessionTimeout>PT5S</tt:SessionTimeout></tt:VideoEncoderConfiguration>` +
    `<tt:PTZConfiguration token="PTZToken"><tt:Name>PTZ</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>PTZNODETOKEN</tt:NodeToken>` +
    `<tt:DefaultContinuousPanTiltVelocitySpace>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:DefaultContinuousPanTiltVelocitySpace>` +
    `<tt:DefaultContinuousZoomVelocitySpace>http://www.onvif.org/ver10/tptz/ZoomSpaces/ZoomGenericSpeedSpace</tt:DefaultContinuousZoomVelocitySpace>` +
    `<tt:DefaultPTZTimeout>PT300S</tt:DefaultPTZTimeout></tt:PTZConfiguration></trt:Profiles>`;

  const handlers: Record<string, (xml: string) => string> = {
    GetSystemDateAndTime: () => {
      const d = new Date();
      return (
        `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
        `<tt:TimeZone><tt:TZ>CST-7:00:00</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute>` +
        `<tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month>` +
        `<tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`
      );
    },
    GetServices: () =>
      `<tds:GetServicesResponse>` +
      service('http://www.onvif.org/ver10/device/wsdl', `${base()}/onvif/device_service`, 2, 60) +
      service('http://www.onvif.org/ver10/media/wsdl', `${base()}/onvif/Media`, 2, 60) +
      service('http://www.onvif.org/ver20/ptz/wsdl', `${base()}/onvif/PTZ`, 2, 60) +
      `</tds:GetServicesResponse>`,
    GetCapabilities: () =>
      `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${base()}/onvif/device_service</tt:XAddr></tt:Device>` +
      `<tt:Media><tt:XAddr>${base()}/onvif/Media</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>true</tt:RTPMulticast>` +
      `<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
      `<tt:PTZ><tt:XAddr>${base()}/onvif/PTZ</tt:XAddr></tt:PTZ></tds:Capabilities></tds:GetCapabilitiesResponse>`,
    GetDeviceInformation: () =>
      `<tds:GetDeviceInformationResponse><tds:Manufacturer>HIKVISION</tds:Manufacturer><tds:Model>DS-2DE4425IW-DE</tds:Model>` +
      `<tds:FirmwareVersion>V5.7.3 build 220112</tds:FirmwareVersion><tds:SerialNumber>DS-2DE4425IW-DE20220301AAWRJ12345678</tds:SerialNumber>` +
      `<tds:HardwareId>88</tds:HardwareId></tds:GetDeviceInformationResponse>`,
    GetProfiles: () => `<trt:GetProfilesResponse>${PROFILES.map(profileXml).join('')}</trt:GetProfilesResponse>`,
    GetVideoSources: () =>
      `<trt:GetVideoSourcesResponse><trt:VideoSources token="VideoSource_1"><tt:Framerate>25.000000</tt:Framerate>` +
      `<tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`,
    GetStreamUri: (xml) => {
      const p = PROFILES.find((q) => q.token === tag(xml, 'ProfileToken')) ?? PROFILES[0]!;
      return (
        `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtsp://${userinfo()}${rtspHost()}/Streaming/Channels/${p.channel}?transportmode=unicast&amp;profile=${p.token}</tt:Uri>` +
        `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT60S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`
      );
    },
    GetSnapshotUri: (xml) => {
      const p = PROFILES.find((q) => q.token === tag(xml, 'ProfileToken')) ?? PROFILES[0]!;
      const u = base().replace('http://', `http://${userinfo()}`);
      return (
        `<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>${u}/onvif-http/snapshot?${p.token}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
        `<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT60S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>`
      );
    },
    ContinuousMove: (xml) => {
      const pt = /<[\w:]*PanTilt\b([^>]*)\/?>/.exec(xml)?.[1] ?? '';
      const z = /<[\w:]*Zoom\b([^>]*)\/?>/.exec(xml)?.[1] ?? '';
      ptzCalls.push({
        op: 'ContinuousMove',
        profileToken: tag(xml, 'ProfileToken') ?? '',
        x: Number(attr(pt, 'x') ?? 0),
        y: Number(attr(pt, 'y') ?? 0),
        zoom: Number(attr(z, 'x') ?? 0),
        timeout: tag(xml, 'Timeout'),
      });
      return '<tptz:ContinuousMoveResponse></tptz:ContinuousMoveResponse>';
    },
    Stop: (xml) => {
      ptzCalls.push({ op: 'Stop', profileToken: tag(xml, 'ProfileToken') ?? '', panTilt: tag(xml, 'PanTilt') === 'true', zoom: tag(xml, 'Zoom') === 'true' });
      return '<tptz:StopResponse></tptz:StopResponse>';
    },
    GetPresets: () =>
      `<tptz:GetPresetsResponse>${PRESETS.map(
        (p) =>
          `<tptz:Preset token="${p.token}"><tt:Name>${p.name}</tt:Name><tt:PTZPosition><tt:PanTilt x="0.1" y="-0.2" ` +
          `space="http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace"></tt:PanTilt><tt:Zoom x="0" ` +
          `space="http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace"></tt:Zoom></tt:PTZPosition></tptz:Preset>`,
      ).join('')}</tptz:GetPresetsResponse>`,
    GotoPreset: (xml) => {
      ptzCalls.push({ op: 'GotoPreset', profileToken: tag(xml, 'ProfileToken') ?? '', presetToken: tag(xml, 'PresetToken') ?? '' });
      return '<tptz:GotoPresetResponse></tptz:GotoPresetResponse>';
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const xml = Buffer.concat(chunks).toString('utf8');
      const action = /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(xml)?.[1] ?? '';
      actions.push(action);
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8', Connection: 'close' });
        res.end(body);
      };
      // Like Hikvision: the clock is public (clients need it to build the digest); nothing else is.
      if (action !== 'GetSystemDateAndTime' && !authorized(xml)) {
        authFailures++;
        send(400, notAuthorized);
        return;
      }
      const handler = handlers[action];
      if (!handler) send(400, actionNotSupported(action));
      else send(200, envelope(handler(xml)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  return {
    address: `127.0.0.1:${port}`,
    port,
    ptzCalls,
    actions,
    get authFailures() {
      return authFailures;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function service(ns: string, xaddr: string, major: number, minor: number): string {
  return `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${xaddr}</tds:XAddr><tds:Version><tt:Major>${major}</tt:Major><tt:Minor>${minor}</tt:Minor></tds:Version></tds:Service>`;
}

function tag(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([^<]*)</(?:[\\w-]+:)?${name}>`).exec(xml);
  return m ? m[1]!.trim() : null;
}

function attr(attrs: string, name: string): string | null {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? null;
}
