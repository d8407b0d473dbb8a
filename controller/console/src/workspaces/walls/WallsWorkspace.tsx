import { useTranslation } from 'react-i18next';
import { Mimic } from '../../components/Mimic';
import { useLive } from '../../state/live';

/** Both walls as they are now, for everyone (viewers see only this). */
export default function WallsWorkspace() {
  const { t } = useTranslation();
  const walls = useLive((s) => s.walls);
  return (
    <section className="workspace walls-workspace" data-workspace="walls" aria-label={t('nav.walls')}>
      {walls.map((w) => (
        <Mimic key={w.id} wallId={w.id} />
      ))}
    </section>
  );
}
