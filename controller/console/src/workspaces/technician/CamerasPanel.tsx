import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createColumnHelper } from '@tanstack/react-table';
import type { Camera, OnvifDiscoverResult, StreamStatus } from '@ioc/protocol';
import { createBody, patchBody, type CameraFormValues } from '../../camera-body';
import { ErrorNote } from '../../components/ErrorNote';
import { useNow } from '../../components/use-now';
import { formatAge } from '../../i18n';
import { snapshotUrl } from '../../media';
import { reloadCameras, streamKey, useLive } from '../../state/live';
import { api } from '../../state/session';
import { Confirm, type Note } from './Confirm';
import { SortableTable } from '../../components/SortableTable';
import { checkStream, techApi } from './api';

const BLANK: CameraFormValues = { id: '', name: '', district: '', mainUrl: '', subUrl: '', onvifAddress: '', username: '', password: '' };
const SNAPSHOT_EVERY_MS = 10_000;

interface CameraRow {
  camera: Camera;
  main: StreamStatus | null;
  sub: StreamStatus | null;
}

/**
 * A camera's JPEG from the gateway, refreshed every few seconds while it is on screen (an idle
 * camera's snapshot is a grab over RTSP: a long list must not grab every camera all the time).
 */
function Snapshot({ cameraId, name }: { cameraId: string; name: string }) {
  const { t } = useTranslation('technician');
  const box = useRef<HTMLSpanElement>(null);
  const [visible, setVisible] = useState(false);
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, []);
  useEffect(() => {
    if (!visible) return;
    let alive = true;
    const load = () =>
      snapshotUrl(cameraId)
        .then((u) => {
          if (!alive) return;
          setSrc(u);
          setFailed(false);
        })
        .catch(() => alive && setFailed(true));
    load();
    const id = setInterval(load, SNAPSHOT_EVERY_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [cameraId, visible]);
  return (
    <span ref={box} className="tech-snapshot-box">
      {src && !failed ? (
        <img className="tech-snapshot" src={src} alt={t('cameras.snapshotAlt', { name })} data-camera-id={cameraId} onError={() => setFailed(true)} onLoad={() => setFailed(false)} />
      ) : (
        <span className="tech-snapshot empty">{failed ? t('cameras.noSnapshot') : ''}</span>
      )}
    </span>
  );
}

function StateBadge({ st, now }: { st: StreamStatus | null; now: number }) {
  const { t } = useTranslation('technician');
  const state = st?.state ?? 'unknown';
  return (
    <span className="tech-stream">
      <span className={`tech-badge stream-${state}`} data-state={state} title={st ? t('cameras.since', { age: formatAge(now - st.since) }) : undefined}>
        {t(`cameras.states.${state}`)}
      </span>
      {st?.error && state !== 'live' ? (
        <code className="tech-reason" lang="en" translate="no">
          {st.error}
        </code>
      ) : null}
    </span>
  );
}

const columns = createColumnHelper<CameraRow>();
const stateRank: Record<string, number> = { offline: 0, stalled: 1, starting: 2, unknown: 3, stopped: 4, live: 5 };

type FormMode = { kind: 'add'; values: CameraFormValues; from?: 'rtsp' | 'onvif' } | { kind: 'edit'; camera: Camera; values: CameraFormValues };

/**
 * The camera registry for installers: each camera's stream state (live, stalled, offline and
 * why) and snapshot; add by RTSP URL, ONVIF probe or discovery; edit; delete (confirmed).
 * Passwords are write-only: the form never shows a stored one.
 */
export function CamerasPanel() {
  const { t } = useTranslation('technician');
  const cameras = useLive((s) => s.cameras);
  const streams = useLive((s) => s.streams);
  const now = useNow(5000);
  const [form, setForm] = useState<FormMode | null>(null);
  const [deleting, setDeleting] = useState<Camera | null>(null);
  const [busyDelete, setBusyDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [tool, setTool] = useState<null | 'probe' | 'discover'>(null);
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  const [checkErrors, setCheckErrors] = useState<Record<string, unknown>>({});

  /** Starts the camera's main stream at the gateway: its state (live, or why not) then shows here. */
  async function check(id: string) {
    setChecking((s) => new Set(s).add(id));
    setCheckErrors((e) => {
      const next = { ...e };
      delete next[id];
      return next;
    });
    try {
      await checkStream(id, 'main');
    } catch (err) {
      setCheckErrors((e) => ({ ...e, [id]: err }));
    } finally {
      setChecking((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  }

  useEffect(() => {
    void reloadCameras().catch(() => undefined);
  }, []);

  const rows = useMemo<CameraRow[]>(
    () =>
      cameras.map((c) => ({
        camera: c,
        main: streams[streamKey(c.id, 'main')] ?? c.status?.main ?? null,
        sub: streams[streamKey(c.id, 'sub')] ?? c.status?.sub ?? null,
      })),
    [cameras, streams],
  );

  async function remove(c: Camera) {
    setBusyDelete(true);
    setError(null);
    try {
      await api.deleteCamera(c.id);
      setDeleting(null);
      setNote({ key: 'cameras.deleted', vars: { name: c.name } });
      await reloadCameras();
    } catch (err) {
      setError(err);
    } finally {
      setBusyDelete(false);
    }
  }

  const fromProbe = (values: CameraFormValues) => {
    setForm({ kind: 'add', values, from: 'onvif' });
    setTool(null);
  };
  const edit = (c: Camera) =>
    setForm({ kind: 'edit', camera: c, values: { ...BLANK, id: c.id, name: c.name, district: c.district, mainUrl: c.mainUrl, subUrl: c.subUrl ?? '', onvifAddress: c.onvifAddress ?? '' } });

  const cols = useMemo(
    () => [
      columns.display({ id: 'snapshot', header: () => t('cameras.snapshot'), cell: (c) => <Snapshot cameraId={c.row.original.camera.id} name={c.row.original.camera.name} /> }),
      columns.accessor((r) => r.camera.name, {
        id: 'name',
        header: () => t('cameras.name'),
        cell: (c) => (
          <>
            <strong>{c.getValue()}</strong>
            <br />
            <code className="hint">{c.row.original.camera.id}</code>
          </>
        ),
      }),
      columns.accessor((r) => r.camera.district, { id: 'district', header: () => t('cameras.district'), cell: (c) => c.getValue() || '–' }),
      columns.accessor((r) => stateRank[r.main?.state ?? 'unknown'] ?? 3, {
        id: 'main',
        header: () => t('cameras.main'),
        cell: (c) => {
          const id = c.row.original.camera.id;
          return (
            <>
              <StateBadge st={c.row.original.main} now={now} />
              <button type="button" className="tech-check-stream" onClick={() => void check(id)} disabled={checking.has(id)} aria-busy={checking.has(id)}>
                {checking.has(id) ? t('cameras.checking') : t('cameras.check')}
              </button>
              <ErrorNote error={checkErrors[id]} />
            </>
          );
        },
      }),
      columns.accessor((r) => stateRank[r.sub?.state ?? 'unknown'] ?? 3, { id: 'sub', header: () => t('cameras.sub'), cell: (c) => <StateBadge st={c.row.original.sub} now={now} /> }),
      columns.accessor((r) => (r.camera.onvifAddress ? 1 : 0), {
        id: 'onvif',
        header: () => t('cameras.onvif'),
        cell: (c) => (c.row.original.camera.onvifAddress ? <code>{c.row.original.camera.onvifAddress}</code> : '–'),
      }),
      columns.display({
        id: 'actions',
        header: () => t('cameras.actions'),
        cell: (c) => {
          const cam = c.row.original.camera;
          if (cam.builtin) return <span className="hint">{t('cameras.builtin')}</span>;
          return (
            <div className="tech-actions">
              <button type="button" className="tech-edit" onClick={() => edit(cam)}>
                {t('cameras.edit')}
              </button>
              <button type="button" className="tech-delete" onClick={() => setDeleting(cam)}>
                {t('cameras.delete')}
              </button>
            </div>
          );
        },
      }),
    ],
    [t, now, checking, checkErrors],
  );

  return (
    <section className="panel tech-cameras" aria-labelledby="tech-cameras-title">
      <h2 id="tech-cameras-title">{t('cameras.title')}</h2>
      <div className="tech-actions">
        <button id="tech-camera-add" type="button" onClick={() => setForm({ kind: 'add', values: BLANK, from: 'rtsp' })} aria-pressed={form?.kind === 'add'}>
          {t('cameras.addRtsp')}
        </button>
        <button id="tech-camera-probe" type="button" onClick={() => setTool(tool === 'probe' ? null : 'probe')} aria-pressed={tool === 'probe'}>
          {t('cameras.addOnvif')}
        </button>
        <button id="tech-camera-discover" type="button" onClick={() => setTool(tool === 'discover' ? null : 'discover')} aria-pressed={tool === 'discover'}>
          {t('cameras.discover')}
        </button>
      </div>
      {tool === 'probe' ? <ProbeForm onResult={fromProbe} /> : null}
      {tool === 'discover' ? <Discover onResult={fromProbe} /> : null}
      {form ? (
        <CameraForm
          key={form.kind === 'edit' ? `edit-${form.camera.id}` : `add-${form.from}-${form.values.mainUrl}`}
          mode={form}
          onDone={(msg, added) => {
            setForm(null);
            setNote(msg);
            void reloadCameras().catch(() => undefined);
            // A new camera is tried at once: live, or the reason it is not.
            if (added) void check(added);
          }}
          onCancel={() => setForm(null)}
        />
      ) : null}
      {deleting ? (
        <Confirm
          id="tech-camera-delete-confirm"
          danger
          busy={busyDelete}
          message={t('cameras.deleteConfirm', { name: deleting.name, id: deleting.id })}
          confirmLabel={t('cameras.delete')}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
      <ErrorNote error={error} />
      {note ? (
        <p className="info-note" role="status">
          {t(note.key, note.vars)}
        </p>
      ) : null}
      <SortableTable
        data={rows}
        columns={cols}
        rowId={(r) => r.camera.id}
        caption={t('cameras.title')}
        className="tech-camera-table"
        initialSort={[{ id: 'name', desc: false }]}
        rowProps={(r) => ({ 'data-camera-id': r.camera.id, 'data-state': r.main?.state ?? 'unknown' })}
        empty={t('cameras.empty')}
      />
    </section>
  );
}

function CameraForm(p: { mode: FormMode; onDone: (message: Note, addedId?: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('technician');
  const [v, setV] = useState<CameraFormValues>(p.mode.values);
  const [clearCredentials, setClearCredentials] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const editing = p.mode.kind === 'edit' ? p.mode.camera : null;
  const field = (k: keyof CameraFormValues) => ({
    id: `tech-camera-${k}`,
    value: v[k],
    onChange: (e: { target: { value: string } }) => setV((old) => ({ ...old, [k]: e.target.value })),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (editing) {
        const patch = patchBody(editing, v);
        if (clearCredentials) Object.assign(patch, { username: null, password: null });
        await api.updateCamera(editing.id, patch);
        p.onDone({ key: 'cameras.saved', vars: { name: v.name.trim() || editing.name } });
      } else {
        const c = await api.createCamera(createBody(v));
        p.onDone({ key: 'cameras.added', vars: { name: c.name } }, c.id);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="tech-form tech-camera-form" onSubmit={submit} aria-labelledby="tech-camera-form-title">
      <h3 id="tech-camera-form-title">{editing ? t('cameras.editTitle', { name: editing.name }) : p.mode.kind === 'add' && p.mode.from === 'onvif' ? t('cameras.addFromOnvif') : t('cameras.addTitle')}</h3>
      <div className="tech-grid">
        <div>
          <label htmlFor="tech-camera-id">{t('cameras.id')}</label>
          <input {...field('id')} required readOnly={Boolean(editing)} pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor="tech-camera-name">{t('cameras.name')}</label>
          <input {...field('name')} required autoComplete="off" />
        </div>
        <div>
          <label htmlFor="tech-camera-district">{t('cameras.district')}</label>
          <input {...field('district')} autoComplete="off" />
        </div>
        <div className="wide">
          <label htmlFor="tech-camera-mainUrl">{t('cameras.mainUrl')}</label>
          <input {...field('mainUrl')} required placeholder="rtsp://192.0.2.10:554/stream1" autoComplete="off" spellCheck={false} />
        </div>
        <div className="wide">
          <label htmlFor="tech-camera-subUrl">{t('cameras.subUrl')}</label>
          <input {...field('subUrl')} placeholder="rtsp://192.0.2.10:554/stream2" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor="tech-camera-onvifAddress">{t('cameras.onvifAddress')}</label>
          <input {...field('onvifAddress')} placeholder="192.0.2.10:80" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor="tech-camera-username">{t('cameras.username')}</label>
          <input {...field('username')} autoComplete="off" placeholder={editing?.hasCredentials ? t('cameras.keepStored') : ''} />
        </div>
        <div>
          <label htmlFor="tech-camera-password">{t('cameras.password')}</label>
          <input {...field('password')} type="password" autoComplete="new-password" placeholder={editing?.hasCredentials ? t('cameras.keepStored') : ''} />
        </div>
      </div>
      <p className="hint">{t('cameras.passwordHint')}</p>
      {editing?.hasCredentials ? (
        <label className="tech-check">
          <input type="checkbox" checked={clearCredentials} onChange={(e) => setClearCredentials(e.target.checked)} /> {t('cameras.clearCredentials')}
        </label>
      ) : null}
      <div className="tech-actions">
        <button id="tech-camera-save" type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('cameras.saving') : editing ? t('cameras.save') : t('cameras.add')}
        </button>
        <button type="button" onClick={p.onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** ONVIF "add by address": probe the device with its credentials, then a prefilled camera form. */
function ProbeForm(p: { onResult: (values: CameraFormValues) => void; address?: string }) {
  const { t } = useTranslation('technician');
  const [address, setAddress] = useState(p.address ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await techApi.probe({ address: address.trim(), ...(username ? { username } : {}), ...(password ? { password } : {}) });
      const name = `${r.device.manufacturer} ${r.device.model}`.trim();
      p.onResult({
        ...BLANK,
        id: slug(`cam-${r.device.model || r.address}-${r.device.serial.slice(-4)}`) || 'cam-onvif',
        name,
        mainUrl: r.main?.rtspUri ?? '',
        subUrl: r.sub && r.sub.rtspUri !== r.main?.rtspUri ? r.sub.rtspUri : '',
        onvifAddress: address.trim(),
        username,
        password,
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="tech-form tech-probe" onSubmit={submit} aria-labelledby="tech-probe-title">
      <h3 id="tech-probe-title">{t('cameras.probeTitle')}</h3>
      <p className="hint">{t('cameras.probeHelp')}</p>
      <div className="tech-grid">
        <div>
          <label htmlFor="tech-probe-address">{t('cameras.onvifAddress')}</label>
          <input id="tech-probe-address" value={address} onChange={(e) => setAddress(e.target.value)} required placeholder="192.0.2.10:80" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor="tech-probe-username">{t('cameras.username')}</label>
          <input id="tech-probe-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </div>
        <div>
          <label htmlFor="tech-probe-password">{t('cameras.password')}</label>
          <input id="tech-probe-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </div>
      </div>
      <div className="tech-actions">
        <button id="tech-probe-submit" type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('cameras.probing') : t('cameras.probe')}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

/** WS-Discovery on the site network: the devices that answered, each one probe away from a form. */
function Discover(p: { onResult: (values: CameraFormValues) => void }) {
  const { t } = useTranslation('technician');
  const [result, setResult] = useState<OnvifDiscoverResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [address, setAddress] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      setResult(await techApi.discover());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => void run(), []);

  if (address !== null) return <ProbeForm address={address} onResult={p.onResult} />;
  return (
    <div className="tech-discover" aria-labelledby="tech-discover-title">
      <h3 id="tech-discover-title">{t('cameras.discoverTitle')}</h3>
      <div className="tech-actions">
        <button type="button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
          {busy ? t('cameras.discovering') : t('cameras.discoverAgain')}
        </button>
      </div>
      <ErrorNote error={error} />
      {result && result.devices.length === 0 ? <p className="hint">{t('cameras.discoverNone')}</p> : null}
      {result && result.devices.length > 0 ? (
        <ul className="tech-devices">
          {result.devices.map((d) => {
            const xaddr = d.xaddrs[0] ?? '';
            let host = xaddr;
            try {
              host = new URL(xaddr).host;
            } catch {
              /* keep as given */
            }
            return (
              <li key={d.urn}>
                <code>{host || d.urn}</code>
                <span className="hint">{d.scopes.filter((s) => /name|hardware/i.test(s)).map((s) => decodeURIComponent(s.split('/').pop() ?? '')).join(' · ')}</span>
                <button type="button" onClick={() => setAddress(host)} disabled={!host}>
                  {t('cameras.probeThis')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
