import type Database from 'better-sqlite3';
import type { SecretBox } from '../secrets/secret-box';

/** A camera as stored: URLs without userinfo, credentials apart (the password encrypted). Never answered as is. */
export interface CameraRecord {
  id: string;
  name: string;
  district: string;
  mainUrl: string;
  subUrl: string | null;
  onvifAddress: string | null;
  username: string | null;
  password: string | null;
  updatedAt: number;
}

interface CameraRow {
  id: string;
  name: string;
  district: string;
  main_url: string;
  sub_url: string | null;
  onvif_address: string | null;
  username: string | null;
  password: string | null;
  updated_at: number;
}

/** Binds a sealed password to its camera: a value copied into another row does not open. */
export const passwordContext = (cameraId: string) => `camera:${cameraId}:password`;

const toRecord = (r: CameraRow, box: SecretBox): CameraRecord => ({
  id: r.id,
  name: r.name,
  district: r.district,
  mainUrl: r.main_url,
  subUrl: r.sub_url,
  onvifAddress: r.onvif_address,
  username: r.username,
  password: r.password === null ? null : box.open(r.password, passwordContext(r.id)),
  updatedAt: r.updated_at,
});

export function camerasRepo(db: Database.Database, now: () => number, box: SecretBox) {
  const q = {
    all: db.prepare('SELECT * FROM cameras ORDER BY district, name, id'),
    one: db.prepare('SELECT * FROM cameras WHERE id = ?'),
    insert: db.prepare(`INSERT INTO cameras (id, name, district, main_url, sub_url, onvif_address, username, password, created_at, updated_at)
      VALUES (@id, @name, @district, @mainUrl, @subUrl, @onvifAddress, @username, @password, @at, @at)`),
    update: db.prepare(`UPDATE cameras SET name = @name, district = @district, main_url = @mainUrl, sub_url = @subUrl,
      onvif_address = @onvifAddress, username = @username, password = @password, updated_at = @at WHERE id = @id`),
    remove: db.prepare('DELETE FROM cameras WHERE id = ?'),
  };
  const row = (c: CameraRecord, at: number) => ({
    id: c.id,
    name: c.name,
    district: c.district,
    mainUrl: c.mainUrl,
    subUrl: c.subUrl,
    onvifAddress: c.onvifAddress,
    username: c.username,
    password: c.password === null ? null : box.seal(c.password, passwordContext(c.id)),
    at,
  });
  return {
    list(): CameraRecord[] {
      return (q.all.all() as CameraRow[]).map((r) => toRecord(r, box));
    },
    get(id: string): CameraRecord | null {
      const r = q.one.get(id) as CameraRow | undefined;
      return r ? toRecord(r, box) : null;
    },
    /** Inserts; returns the stored record (with its timestamp). */
    insert(c: CameraRecord): CameraRecord {
      const at = now();
      q.insert.run(row(c, at));
      return { ...c, updatedAt: at };
    },
    update(c: CameraRecord): CameraRecord {
      const at = now();
      q.update.run(row(c, at));
      return { ...c, updatedAt: at };
    },
    remove(id: string): boolean {
      return q.remove.run(id).changes > 0;
    },
  };
}
export type CamerasRepo = ReturnType<typeof camerasRepo>;
