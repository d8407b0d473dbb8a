import { CameraCreateSchema, CameraPatchSchema } from '@ioc/protocol';
import type { Camera } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { createBody, patchBody } from './camera-body';
import type { CameraFormValues } from './camera-body';

const blank: CameraFormValues = { id: '', name: '', district: '', mainUrl: '', subUrl: '', onvifAddress: '', username: '', password: '' };
const stored: Camera = {
  id: 'cam-1',
  name: 'Le Duan',
  district: 'District 1',
  mainUrl: 'rtsp://10.0.0.5/main',
  subUrl: 'rtsp://10.0.0.5/sub',
  onvifAddress: '10.0.0.5',
  hasCredentials: true,
  updatedAt: 1,
};
const asTyped = (c: Camera): CameraFormValues => ({ ...blank, id: c.id, name: c.name, district: c.district, mainUrl: c.mainUrl, subUrl: c.subUrl ?? '', onvifAddress: c.onvifAddress ?? '' });

describe('camera form bodies', () => {
  it('creates with only the filled fields, password kept exactly as typed', () => {
    const body = createBody({ ...blank, id: ' cam-2 ', name: 'Bridge', mainUrl: 'rtsp://h/m ', password: ' p w ' });
    expect(body).toEqual({ id: 'cam-2', name: 'Bridge', district: '', mainUrl: 'rtsp://h/m', password: ' p w ' });
    expect(CameraCreateSchema.safeParse(body).success).toBe(true);
  });

  it('patches nothing when nothing changed, and never sends blank credentials', () => {
    expect(patchBody(stored, asTyped(stored))).toEqual({});
  });

  it('clears an emptied optional field with null and sends changed fields and new credentials', () => {
    const patch = patchBody(stored, { ...asTyped(stored), name: 'Le Duan 2', subUrl: '', onvifAddress: ' ', username: 'u', password: 'p' });
    expect(patch).toEqual({ name: 'Le Duan 2', subUrl: null, onvifAddress: null, username: 'u', password: 'p' });
    expect(CameraPatchSchema.safeParse(patch).success).toBe(true);
  });
});
