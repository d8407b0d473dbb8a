#!/usr/bin/python3
"""Fake RTSP camera for the tests: Debian's GStreamer RTSP server with a live test pattern.

With --barcode the picture is instead a gray frame whose top strip carries the wall-clock time
in ms (low 32 bits) as 32 black/white cells, most significant bit first, painted when the frame
is pushed into the pipeline: the same barcode as tests/support/barcode.ts, so a page that
decodes a presented frame gets the glass-to-glass latency against its own clock.

Run with /usr/bin/python3 (it needs the system `gi` bindings). Prints, one per line on stdout:
  READY <port>            once listening
  CONNECT <n>             a client connected (n = clients now connected)
  CLOSE <n>               a client's connection closed (n = clients now connected)
The tests count upstream sessions from these lines, so stdout is line-buffered.
"""
import argparse
import signal
import sys
import time

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, default=0, help='0 picks a free port')
    p.add_argument('--path', action='append', help='mount path, repeatable (default /cam)')
    p.add_argument('--width', type=int, default=640)
    p.add_argument('--height', type=int, default=360)
    p.add_argument('--fps', type=int, default=25)
    p.add_argument('--codec', choices=['h264', 'h265'], default='h264')
    p.add_argument('--pattern', default='ball')
    p.add_argument('--bitrate', type=int, default=800, help='kbit/s')
    p.add_argument('--user')
    p.add_argument('--password')
    # Shared media lets a benchmark serve many upstream sessions from one encoder; the tests keep
    # the default (not shared) so that each client really is a separate upstream session.
    p.add_argument('--shared', action='store_true')
    p.add_argument('--barcode', action='store_true', help='clock barcode frames instead of the test pattern')
    return p.parse_args()


BARCODE_BITS = 32


class BarcodeClock:
    """Feeds one media's appsrc with GRAY8 frames carrying the wall clock.

    Only the strip is repainted, into one preallocated frame, so pure Python keeps up at 25 fps
    even for 720p. Frames follow the wall clock (a late tick sends the current time, not a
    backlog), and are pushed only while the pipeline asks for data: a live appsrc is not
    consumed before PLAYING, and stale frames there would carry stale times.
    """

    def __init__(self, appsrc, width, height, fps):
        self.src = appsrc
        self.width = width
        self.fps = fps
        self.frame = bytearray(b'\x50' * (width * height))
        self.cell = width // BARCODE_BITS
        self.strip = max(8, width // BARCODE_BITS)
        self.pad = b'\x50' * (width - self.cell * BARCODE_BITS)
        self.on = b'\xff' * self.cell
        self.off = b'\x00' * self.cell
        self.wanted = False
        self.sent = 0
        self.t0 = time.monotonic()
        appsrc.connect('need-data', self._need)
        appsrc.connect('enough-data', self._enough)
        self.timer = GLib.timeout_add(max(1, 500 // fps), self._tick)

    def _need(self, *_args):
        self.wanted = True

    def _enough(self, *_args):
        self.wanted = False

    def paint(self, ms):
        value = ms & 0xFFFFFFFF
        row = b''.join(self.on if (value >> (BARCODE_BITS - 1 - bit)) & 1 else self.off for bit in range(BARCODE_BITS)) + self.pad
        w = self.width
        for y in range(self.strip):
            self.frame[y * w:(y + 1) * w] = row

    def _tick(self):
        due = int((time.monotonic() - self.t0) * self.fps)
        if due > self.sent:
            self.sent = due
            if self.wanted:
                self.paint(int(time.time() * 1000))
                self.src.emit('push-buffer', Gst.Buffer.new_wrapped(bytes(self.frame)))
        return True

    def stop(self):
        if self.timer is not None:
            GLib.source_remove(self.timer)
            self.timer = None


def launch_line(a):
    caps = f'video/x-raw,width={a.width},height={a.height},framerate={a.fps}/1'
    overlay = ' ! timeoverlay font-desc="Sans 16"' if Gst.ElementFactory.find('timeoverlay') else ''
    if a.barcode:
        # Leaky with two buffers: if the encoder falls behind, old frames go, never the newest.
        src = (f'appsrc name=clock is-live=true format=time do-timestamp=true max-buffers=2 leaky-type=downstream'
               f' caps="video/x-raw,format=GRAY8,width={a.width},height={a.height},framerate={a.fps}/1"')
    else:
        src = f'videotestsrc is-live=true pattern={a.pattern} ! {caps}{overlay}'
    if a.codec == 'h264':
        enc = (f'x264enc tune=zerolatency speed-preset=ultrafast key-int-max={a.fps} bitrate={a.bitrate}'
               ' ! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1')
    else:
        enc = (f'x265enc tune=zerolatency speed-preset=ultrafast key-int-max={a.fps} bitrate={a.bitrate}'
               ' ! rtph265pay name=pay0 pt=96 config-interval=1')
    return f'( {src} ! videoconvert ! {enc} )'


def start_clock(media, a):
    clock = BarcodeClock(media.get_element().get_by_name('clock'), a.width, a.height, a.fps)
    media.connect('unprepared', lambda _m: clock.stop())


def main():
    a = parse_args()
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address('127.0.0.1')
    server.set_service(str(a.port))

    role = 'viewer'
    if a.user is not None:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string('media.factory.role', role)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(a.user, a.password or ''), token)
        server.set_auth(auth)

    mounts = server.get_mount_points()
    for path in (a.path or ['/cam']):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(a))
        factory.set_shared(a.shared)
        if a.barcode:
            factory.connect('media-configure', lambda _f, media: start_clock(media, a))
        if a.user is not None:
            perms = GstRtspServer.RTSPPermissions()
            perms.add_permission_for_role(role, 'media.factory.access', True)
            perms.add_permission_for_role(role, 'media.factory.construct', True)
            factory.set_permissions(perms)
        mounts.add_factory(path, factory)

    clients = {'n': 0}

    def on_closed(_client):
        clients['n'] -= 1
        print(f'CLOSE {clients["n"]}', flush=True)

    def on_connected(_server, client):
        clients['n'] += 1
        client.connect('closed', on_closed)
        print(f'CONNECT {clients["n"]}', flush=True)

    server.connect('client-connected', on_connected)
    if server.attach(None) == 0:
        print('ERROR cannot listen', flush=True)
        sys.exit(1)

    # Sessions of clients that vanished without TEARDOWN time out only when the pool is swept.
    pool = server.get_session_pool()
    GLib.timeout_add_seconds(2, lambda: (pool.cleanup(), True)[1])

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f'READY {server.get_bound_port()}', flush=True)
    loop.run()


if __name__ == '__main__':
    main()
